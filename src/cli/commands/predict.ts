import type { Command } from 'commander'
import path from 'node:path'
import { CodedError, toErrorInfo, type ErrorCode } from '../../shared/errors'
import { RESTORE_DEFAULTS, RestoreEngine, type OnExists, type Rect } from '../../core/restore'
import { readAppIdentity } from '../app-identity'
import { modelDirs } from '../model-dirs'
import { createProgress } from '../progress'

/** Options shared by `predict`, `demo` and `batch`. */
export interface RestoreCliOptions {
  model?: string
  steps?: string
  samples: string
  sampler: string
  seed: string
  roi?: string
  tile: string
  onExists: string
  json?: boolean
}

/** Adds the restore options to a command. */
export function withRestoreOptions(command: Command): Command {
  return command
    .option('--model <id|dir>', 'model id or folder (default: default-sr2x)')
    .option('--steps <n>', 'sampling steps (fast sampler: 10–50; faithful: default 200)')
    .option('--samples <k>', 'samples per image; K > 1 also writes the uncertainty (std) map', String(RESTORE_DEFAULTS.samples))
    .option('--sampler <kind>', 'fast (γ-head ancestral, 10–50 steps) | fast-ddim (DDIM η = 0) | faithful (official β-mode, N = 200, slow)', 'fast')
    .option('--seed <n>', 'random seed (same seed → same result on the same backend)', String(RESTORE_DEFAULTS.seed))
    .option('--roi <x,y,w,h>', 'restore only this rectangle (input pixels)')
    .option('--tile <px>', 'tile size on the output grid', String(RESTORE_DEFAULTS.tile))
    .option('--on-exists <policy>', 'skip | overwrite | rename when outputs exist', 'skip')
    .option('--json', 'JSON lines on stdout instead of a progress bar')
}

function int(name: string, value: string, min: number): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) throw new CodedError('bad-request', `${name} must be an integer ≥ ${min}, got "${value}".`)
  return n
}

/** Parses and checks the restore options (usage errors → `bad-request`). */
export function parseRestoreOptions(o: RestoreCliOptions): {
  sampler: { kind: 'ddim' | 'ancestral' | 'faithful-beta'; steps?: number; samples: number; seed: number }
  roi?: Rect
  tile: number
  onExists: OnExists
} {
  const kinds: Record<string, 'ddim' | 'ancestral' | 'faithful-beta'> = { fast: 'ancestral', 'fast-ddim': 'ddim', faithful: 'faithful-beta' }
  const kind = Object.prototype.hasOwnProperty.call(kinds, o.sampler) ? kinds[o.sampler] : undefined
  if (!kind) throw new CodedError('bad-request', `--sampler must be fast, fast-ddim or faithful, got "${o.sampler}".`)
  if (!['skip', 'overwrite', 'rename'].includes(o.onExists)) throw new CodedError('bad-request', `--on-exists must be skip, overwrite or rename.`)
  let roi: Rect | undefined
  if (o.roi) {
    const parts = o.roi.split(',').map((v) => Number(v))
    if (parts.length !== 4 || parts.some((v) => !Number.isInteger(v) || v < 0) || parts[2] < 1 || parts[3] < 1) {
      throw new CodedError('bad-request', `--roi must be x,y,w,h in pixels, got "${o.roi}".`)
    }
    roi = { x: parts[0], y: parts[1], width: parts[2], height: parts[3] }
  }
  return {
    sampler: {
      kind,
      // faithful without --steps: the official N = 200 (the engine's default for it)
      ...(o.steps === undefined && kind === 'faithful-beta' ? {} : { steps: int('--steps', o.steps ?? String(RESTORE_DEFAULTS.steps), kind === 'faithful-beta' ? 2 : 1) }),
      samples: int('--samples', o.samples, 1), seed: int('--seed', o.seed, 0) },
    roi,
    tile: int('--tile', o.tile, 16),
    onExists: o.onExists as OnExists
  }
}

/**
 * Restores files one after another with progress; per-file errors are reported and the rest continue. The engine
 * runs in a worker process (this one only coordinates); it exits with this process.
 * @returns how many files failed and the first failure's error code
 */
export async function runRestore(program: Command, inputs: string[], outDir: string, o: RestoreCliOptions): Promise<{ failed: number; firstCode?: ErrorCode }> {
  const parsed = parseRestoreOptions(o)
  const engine = new RestoreEngine()
  const model = { model: o.model, modelDirs: modelDirs(), backend: program.opts<{ backend?: string }>().backend }
  const progress = createProgress(Boolean(o.json))
  const app = readAppIdentity()
  let failed = 0
  let firstCode: ErrorCode | undefined
  try {
    await engine.prepare(model)
    for (const [i, input] of inputs.entries()) {
      const label = `${i + 1}/${inputs.length} ${path.basename(input)}`
      try {
        const result = await engine.restore({
          ...model,
          input: path.resolve(input),
          outDir,
          onExists: parsed.onExists,
          sampler: parsed.sampler,
          roi: parsed.roi,
          tile: parsed.tile,
          app
        }, { onProgress: (p) => progress.update(label, p.fraction, p.etaSeconds) })
        progress.done()
        progress.event({ event: 'done', input, skipped: result.skipped, outputs: result.outputs, seconds: result.seconds })
        if (!o.json) process.stdout.write(result.skipped ? `skipped ${input} (outputs exist)\n` : `${input} → ${result.outputs!.main} (${result.seconds.toFixed(1)} s)\n`)
      } catch (error) {
        progress.done()
        const info = toErrorInfo(error)
        if (info.code === 'backend-unavailable' || info.code === 'cancelled') throw error
        failed++
        firstCode ??= info.code
        progress.event({ event: 'failed', input, error: info })
        if (!o.json) process.stderr.write(`failed ${input}: error [${info.code}]: ${info.message}\n`)
      }
    }
  } finally {
    await engine.dispose()
  }
  return { failed, firstCode }
}

/** Registers `cvdm predict`. */
export function registerPredictCommand(program: Command): void {
  withRestoreOptions(
    program
      .command('predict')
      .description('restore TIFF files with a CVDM model: <name>_cvdm.tif (+ _cvdm_std.tif uncertainty) in the output folder')
      .argument('<inputs...>', 'TIFF files')
      .requiredOption('-o, --out <dir>', 'output folder (inputs are never overwritten)')
  ).action(async (inputs: string[], o: RestoreCliOptions & { out: string }) => {
    const { failed, firstCode } = await runRestore(program, inputs, path.resolve(o.out), o)
    if (failed > 0) throw new CodedError(firstCode ?? 'internal', `${failed} of ${inputs.length} file(s) failed (see above).`)
  })
}
