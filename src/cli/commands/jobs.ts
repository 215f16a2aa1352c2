import type { Command } from 'commander'
import { CodedError } from '../../shared/errors'
import { JobQueue, jobsHome, type FileProcessor, type JobSnapshot, type JobSummary } from '../../core/jobs'
import { formatDuration } from './batch'

/** What `cvdm jobs` needs from the composition root. */
export interface JobsCommandDeps {
  /** Job store folder (default: `jobs/` in the app data folder; `CVDM_HOME` overrides). */
  storeDir?: () => string
  /** Where text goes (default: process.stdout). */
  stdout?: (text: string) => void
}

/** These commands never run files: the runner is `cvdm batch` or the app. */
const NO_PROCESSOR: FileProcessor = () => Promise.reject(new CodedError('internal', '`cvdm jobs` does not process files.'))

function summaryLine(j: JobSummary): string {
  const c = j.counts
  const progress = `${c.done + c.skipped + c.failed + c.cancelled}/${j.total}`
  const extra = [c.failed ? `${c.failed} failed` : '', c.skipped ? `${c.skipped} skipped` : '', j.spec.shard ? `shard ${j.spec.shard.index}/${j.spec.shard.count}` : '']
  return `${j.id}  ${j.state.padEnd(9)} ${progress.padStart(9)}  ${j.spec.outputDir}${extra.filter(Boolean).map((e) => `  ${e}`).join('')}`
}

function showJob(j: JobSnapshot): string {
  const lines = [summaryLine(j), `  inputs: ${j.spec.inputRoot}${j.spec.folder ? ` (${j.spec.folder.glob})` : ''}`, `  model ${j.spec.options.modelId}, ${j.spec.options.steps} steps, ${j.spec.options.samples} sample(s), on-exists ${j.spec.onExists}`]
  for (const f of j.files) {
    const detail = f.error ? `[${f.error.code}] ${f.error.message}` : f.reason ?? (f.timings ? formatDuration(f.timings.total) : '')
    lines.push(`  ${f.status.padEnd(9)} ${f.rel}  ${detail}`)
  }
  return lines.join('\n')
}

/**
 * Registers `cvdm jobs list|show|pause|resume|retry|cancel|move`: inspect and control the persistent queue
 * from any process (changes reach the running queue through its inbox within a fraction of a second).
 */
export function registerJobsCommand(program: Command, deps: JobsCommandDeps = {}): void {
  const out = (t: string): void => void (deps.stdout ?? ((s: string) => process.stdout.write(s)))(t)
  const open = (): JobQueue => new JobQueue({ dir: deps.storeDir?.() ?? jobsHome(), processor: NO_PROCESSOR })
  const withQueue = async (fn: (q: JobQueue) => void): Promise<void> => {
    const q = open()
    try {
      fn(q)
    } finally {
      await q.dispose()
    }
  }
  const jobs = program.command('jobs').description('list and control batch jobs (ids may be shortened to a unique prefix)')
  jobs
    .command('list')
    .description('all jobs in run order')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) =>
      withQueue((q) => {
        const list = q.list()
        out(o.json ? JSON.stringify(list, null, 2) + '\n' : list.length ? list.map(summaryLine).join('\n') + '\n' : 'no jobs\n')
      })
    )
  jobs
    .command('show <id>')
    .description('one job with every file')
    .option('--json', 'print JSON')
    .action((id: string, o: { json?: boolean }) =>
      withQueue((q) => {
        const job = q.get(id)
        if (!job) throw new CodedError('not-found', `No job ${id} (or the prefix matches several); see \`cvdm jobs list\`.`)
        out(o.json ? JSON.stringify(job, null, 2) + '\n' : showJob(job) + '\n')
      })
    )
  const control: [string, string, (q: JobQueue, id: string) => void][] = [
    ['pause', 'pause a job after its file in flight', (q, id) => q.pause(id)],
    ['resume', 'resume a paused or cancelled job', (q, id) => q.resume(id)],
    ['retry', 'queue the failed and cancelled files of a job again', (q, id) => q.retry(id)],
    ['cancel', 'cancel a job (aborts its file in flight)', (q, id) => q.cancel(id)]
  ]
  for (const [name, description, fn] of control) {
    jobs
      .command(`${name} <id>`)
      .description(description)
      .action((id: string) => withQueue((q) => (fn(q, id), out(`${name}: ${q.get(id)?.id ?? id}\n`))))
  }
  jobs
    .command('move <id> <position>')
    .description('move a job in the run order (0 = next)')
    .action((id: string, position: string) =>
      withQueue((q) => {
        const p = Number(position)
        if (!Number.isInteger(p) || p < 0) throw new CodedError('bad-request', `position must be an integer ≥ 0, got "${position}".`)
        q.move(id, p)
        out(`moved ${q.get(id)?.id ?? id} to ${p}\n`)
      })
    )
}
