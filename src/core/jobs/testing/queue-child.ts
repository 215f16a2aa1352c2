/**
 * Child process of the crash and shard tests: runs one `cvdm batch`-like job with the transform processor
 * and exits 0 when the job is over. Configured by the JSON in argv[2]. Prints `ready <job id>` once the job is
 * enqueued. Run with `node --require tsx/cjs queue-child.ts '<json>'`.
 */
import { JobQueue } from '../queue'
import type { OnExists, Shard } from '../types'
import { createTransformProcessor } from './transform-processor'

/** The child's configuration. */
export interface ChildConfig {
  store: string
  input: string
  output: string
  log?: string
  workMs?: number
  /** Pause between the 6 write chunks of each output, so kills land mid-write too. */
  writeDelayMs?: number
  samples?: number
  onExists?: OnExists
  shard?: Shard
  compactEvery?: number
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]) as ChildConfig
  const queue = new JobQueue({
    dir: config.store,
    processor: createTransformProcessor({ workMs: config.workMs, writeChunks: 6, writeDelayMs: config.writeDelayMs, logFile: config.log }),
    runInfo: () => ({ backend: 'test' }),
    pollMs: 20,
    compactEvery: config.compactEvery
  })
  const { id } = queue.enqueue({
    inputs: [config.input],
    outputDir: config.output,
    options: { modelId: 'test-model', steps: 2, samples: config.samples ?? 1, sampler: 'fast', seed: 1 },
    onExists: config.onExists,
    shard: config.shard
  })
  process.stdout.write(`ready ${id}\n`)
  const summary = await queue.run({ until: id })
  await queue.dispose()
  process.stdout.write(`finished ${summary?.state}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 1
})
