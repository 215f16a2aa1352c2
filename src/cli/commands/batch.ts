import type { Command } from 'commander'
import { CodedError } from '../../shared/errors'
import { JobQueue, jobsHome, normalizeRequest, parseShard, reportPaths, type FileProcessor, type JobEventMap, type JobRequest, type JobsEmit, type OnExists, type RestoreOptions, type RunInfo } from '../../core/jobs'

/** What `cvdm batch` needs from the composition root (the real restore is plugged in there). */
export interface BatchDeps {
  /** Creates the per-file processor (called once, lazily: backend and model load only when a file runs). */
  processor: (options: RestoreOptions, backend: string | undefined) => FileProcessor | Promise<FileProcessor>
  /** Backend name and model hash for the report (default: the --backend option or `unknown`). */
  runInfo?: (options: RestoreOptions, backend: string | undefined) => RunInfo | Promise<RunInfo>
  /** Job store folder (default: `jobs/` in the app data folder; `CVDM_HOME` overrides). */
  storeDir?: () => string
  /** Model used without --model. */
  defaultModelId?: string
  /** Where text goes (default: process.stdout / process.stderr). */
  stdout?: (text: string) => void
  stderr?: (text: string) => void
  /** Whether stdout is a terminal (progress bar); default process.stdout.isTTY. */
  isTTY?: boolean
}

interface BatchFlags {
  output: string
  glob?: string
  recursive?: boolean
  model?: string
  steps?: string
  samples?: string
  sampler?: string
  seed?: string
  roi?: string
  onExists: string
  shard?: string
  json?: boolean
  wait: boolean
}

/** `1h02m`, `3m05s`, `12.3s`: a compact duration for progress lines. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '?'
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(1)}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}

function int(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isInteger(n)) throw new CodedError('bad-request', `--${name} must be an integer, got "${text}".`)
  return n
}

/** Turns the flags into a job request (validation of values happens in the queue). */
function toRequest(inputs: string[], f: BatchFlags, defaultModelId: string): JobRequest {
  const roi = f.roi?.split(',').map((v) => int('roi', v.trim())!)
  if (roi && roi.length !== 4) throw new CodedError('bad-request', `--roi is x,y,width,height, got "${f.roi}".`)
  const options: Partial<RestoreOptions> & { modelId: string } = { modelId: f.model ?? defaultModelId }
  if (f.steps !== undefined) options.steps = int('steps', f.steps)
  if (f.samples !== undefined) options.samples = int('samples', f.samples)
  if (f.sampler !== undefined) options.sampler = f.sampler as RestoreOptions['sampler']
  if (f.seed !== undefined) options.seed = int('seed', f.seed)
  if (roi) options.roi = { x: roi[0], y: roi[1], width: roi[2], height: roi[3] }
  return {
    inputs,
    outputDir: f.output,
    glob: f.glob,
    recursive: f.recursive,
    options: options as RestoreOptions,
    onExists: f.onExists as OnExists,
    ...(f.shard ? { shard: parseShard(f.shard) } : {})
  }
}

/** Terminal output: JSON lines, a redrawn progress line on a TTY, or one line per finished file. */
function makeEmit(f: BatchFlags, out: (t: string) => void, tty: boolean): JobsEmit {
  return <C extends keyof JobEventMap>(channel: C, payload: JobEventMap[C]): void => {
    if (f.json) return out(JSON.stringify({ event: channel, ...payload }) + '\n')
    if (channel === 'jobs:progress' && tty) {
      const p = payload as JobEventMap['jobs:progress']
      const width = 24
      const filled = Math.round(p.job.fraction * width)
      const bar = '#'.repeat(filled) + '-'.repeat(width - filled)
      out(`\r\x1b[K[${bar}] ${p.job.finished}/${p.job.total} ${p.file.rel} ${Math.round(p.file.fraction * 100)}% ETA ${formatDuration(p.job.etaMs)}`)
    }
    const file = channel === 'jobs:changed' ? (payload as JobEventMap['jobs:changed']).file : undefined
    if (file && file.status !== 'running' && file.status !== 'queued') {
      const detail = file.error ? ` [${file.error.code}] ${file.error.message}` : file.reason ? ` (${file.reason})` : ` ${formatDuration(file.timings?.total)}`
      out(`${tty ? '\r\x1b[K' : ''}${file.status.padEnd(9)} ${file.rel}${detail}\n`)
    }
  }
}

/**
 * Registers `cvdm batch <inputs...> -o <out>`: enqueue (or resume) a persistent job and run it here, or
 * watch while another process runs the queue. Exit 0 only if every file is done or skipped; otherwise the
 * code of the first failure (see `cvdm --help`), 130 when interrupted (re-run the same command to resume).
 */
export function registerBatchCommand(program: Command, deps: BatchDeps): void {
  program
    .command('batch')
    .description('restore many files (a folder or a list) into an output folder; resumable after a crash')
    .argument('<inputs...>', 'input TIFF files, or one folder')
    .requiredOption('-o, --output <dir>', 'output folder (outputs: <name>_cvdm.tif, <name>_cvdm_std.tif)')
    .option('--glob <pattern>', 'files to take from the folder (default *.{tif,tiff}, case-insensitive)')
    .option('-r, --recursive', 'include sub-folders (mirrored in the output folder)')
    .option('-m, --model <id>', 'model id')
    .option('--steps <n>', 'sampler steps')
    .option('--samples <n>', 'samples per image (more than 1 also writes the std map)')
    .option('--sampler <kind>', 'fast | faithful')
    .option('--seed <n>', 'noise seed')
    .option('--roi <x,y,w,h>', 'restore only this region')
    .option('--on-exists <policy>', 'existing outputs: skip | overwrite | rename', 'skip')
    .option('--shard <i/n>', 'process only slice i of n (stable hash of each relative path), e.g. for sbatch --array')
    .option('--json', 'print events as JSON lines')
    .option('--no-wait', 'only enqueue; the app or another `cvdm batch` runs it')
    .action(async (inputs: string[], flags: BatchFlags) => {
      const out = deps.stdout ?? ((t: string) => void process.stdout.write(t))
      const err = deps.stderr ?? ((t: string) => void process.stderr.write(t))
      const tty = !flags.json && (deps.isTTY ?? !!process.stdout.isTTY)
      const { backend } = program.opts<{ backend?: string }>()
      const request = toRequest(inputs, flags, deps.defaultModelId ?? 'default')
      let processor: FileProcessor | undefined
      let info: RunInfo = { backend: backend ?? 'unknown' }
      const queue = new JobQueue({
        dir: deps.storeDir?.() ?? jobsHome(),
        processor: async (task, ctx) => (processor ??= await deps.processor(task.options, backend))(task, ctx),
        emit: makeEmit(flags, out, tty),
        runInfo: () => info
      })
      try {
        const { id, files } = queue.enqueue(request)
        if (deps.runInfo) info = await deps.runInfo(normalizeRequest(request).options, backend)
        if (flags.json) out(JSON.stringify({ event: 'batch:enqueued', id, files }) + '\n')
        else out(`job ${id}: ${files} file(s) → ${request.outputDir}\n`)
        if (!flags.wait) return
        const stop = new AbortController()
        const onSignal = (): void => stop.abort()
        process.once('SIGINT', onSignal)
        process.once('SIGTERM', onSignal)
        let told = false
        const summary = await queue
          .run({
            until: id,
            signal: stop.signal,
            onWaiting: (h) => {
              if (!told && !flags.json) err(`another process (pid ${h.pid ?? '?'} on ${h.host ?? '?'}) is running the queue; watching job ${id}…\n`)
              told = true
            }
          })
          .finally(() => {
            process.off('SIGINT', onSignal)
            process.off('SIGTERM', onSignal)
          })
        if (tty) out('\r\x1b[K')
        if (stop.signal.aborted) throw new CodedError('cancelled', `Interrupted. Re-run the same command to resume job ${id}.`)
        const job = queue.get(id)!
        if (!flags.json) out(`job ${id} ${summary?.state}: ${job.counts.done} done, ${job.counts.skipped} skipped, ${job.counts.failed} failed — report ${reportPaths(job).markdown}\n`)
        if (job.state === 'cancelled') throw new CodedError('cancelled', `Job ${id} was cancelled.`)
        const failed = job.files.filter((f) => f.status === 'failed')
        if (failed.length) throw new CodedError(failed[0].error?.code ?? 'internal', `${failed.length} of ${job.total} file(s) failed (first: ${failed[0].rel}: ${failed[0].error?.message}).`)
      } finally {
        await queue.dispose()
      }
    })
}
