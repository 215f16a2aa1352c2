/** Handlers of the `jobs:*` channels: inputs and output folder checked against the roots, then the queue. */
import { CodedError } from '../../shared/errors'
import type { InvokeHandlers } from '../../shared/ipc'
import type { JobSnapshot, JobSummary } from '../../shared/jobs'
import { buildReport, FILE_STATUSES, normalizeRequest, reportMarkdown } from '../jobs'
import { need, type DomainContext } from './domain-handlers'

type Channels = 'jobs:list' | 'jobs:get' | 'jobs:enqueue' | 'jobs:control' | 'jobs:move' | 'jobs:report'

function notFound(id: string): CodedError {
  return new CodedError('not-found', `There is no job ${id} in the queue (it may have been removed).`)
}

/** Handlers of `jobs:*` (events come from the queue itself, through its injected emit). */
export function jobsHandlers({ guard, services }: DomainContext): Pick<InvokeHandlers, Channels> {
  const get = (id: string): JobSnapshot => {
    const job = need(services, 'jobs').get(id)
    if (!job) throw notFound(id)
    return job
  }
  return {
    'jobs:list': () => need(services, 'jobs').list(),
    'jobs:get': get,
    'jobs:enqueue': async (request): Promise<JobSummary> => {
      const inputs = await Promise.all(request.inputs.map((p) => guard.readable(p)))
      const outputDir = await guard.writableFolder(request.outputDir)
      const checked = { ...request, inputs, outputDir }
      const jobs = need(services, 'jobs')
      const { id, files } = jobs.enqueue(checked)
      const listed = jobs.list().find((j) => j.id === id)
      if (listed) return listed
      // Another process runs the queue: the command waits in its inbox, so describe the job as it will be.
      const now = Date.now()
      const counts = Object.fromEntries(FILE_STATUSES.map((s) => [s, s === 'queued' ? files : 0])) as JobSummary['counts']
      return { id, state: 'queued', control: 'active', position: jobs.list().length, createdAt: now, updatedAt: now, spec: normalizeRequest(checked), total: files, counts }
    },
    'jobs:control': (id, action) => {
      const jobs = need(services, 'jobs')
      if (action === 'pause') jobs.pause(id)
      else if (action === 'resume') jobs.resume(id)
      else if (action === 'cancel') jobs.cancel(id)
      else jobs.retry(id)
    },
    'jobs:move': (id, position) => need(services, 'jobs').move(id, position),
    'jobs:report': (id) => {
      const job = get(id)
      return reportMarkdown(buildReport(job, need(services, 'runInfo')()))
    }
  }
}
