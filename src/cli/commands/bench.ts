import type { Command } from 'commander'
import { CodedError } from '../../shared/errors'
import { benchEngine, type BenchRow, getBackendInfo, initBackend, PRESET_NAMES, type PresetName, resolveBackendRequest } from '../../core/engine'

/** Parsed `cvdm bench engine` options. */
export interface BenchEngineCommandOptions {
  preset: PresetName
  size: number
  reps: number
  json: boolean
}

/**
 * Checks the raw commander options of `cvdm bench engine`.
 * @throws CodedError bad-request naming the flag
 */
export function parseBenchEngineOptions(raw: Record<string, string | boolean | undefined>): BenchEngineCommandOptions {
  const preset = String(raw.preset) as PresetName
  if (!PRESET_NAMES.includes(preset)) throw new CodedError('bad-request', `--preset must be ${PRESET_NAMES.join(' | ')}, got "${preset}".`)
  const int = (name: string, min: number, max: number): number => {
    const v = Number(raw[name])
    if (!Number.isInteger(v) || v < min || v > max) throw new CodedError('bad-request', `--${name} must be an integer in [${min}, ${max}], got "${String(raw[name])}".`)
    return v
  }
  return { preset, size: int('size', 8, 2048), reps: int('reps', 1, 1000), json: raw.json === true }
}

/** One table line per row: op, size, batch, median and min ms, GFLOP/s. */
export function formatBenchRows(rows: BenchRow[]): string {
  const head = ['backend', 'preset', 'op', 'size', 'batch', 'ms median', 'ms min', 'CPU ms', 'GFLOP', 'GFLOP/s']
  const lines = rows.map((r) => [r.backend, r.preset, r.op, `${r.size}²`, String(r.batch), r.ms_median.toFixed(1), r.ms_min.toFixed(1), r.cpu_ms.toFixed(1), r.gflop.toFixed(2), r.gflops.toFixed(1)])
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  return [head, ...lines].map((l) => l.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n')
}

/**
 * Registers `cvdm bench engine [--preset cvdm-s] [--size 128] [--reps 5] [--json]`: times the forward pass, a
 * sampling step and a training step (both networks, full loss, Adam) on the active backend. The cases always
 * include the sampling step at 128² batch 1 and the training step at 64² batch 4 (the PyTorch reference cases of
 * bench/engine.bench.ts). `--json` prints one JSON object per case and line.
 */
export function registerBenchCommand(program: Command): void {
  const bench = program.command('bench').description('measure this machine: engine speed')
  bench
    .command('engine')
    .description('time forward pass, sampling step (128², batch 1) and training step (64², batch 4) of a preset')
    .option('--preset <name>', `architecture: ${PRESET_NAMES.join(' | ')}`, 'cvdm-s')
    .option('--size <px>', 'side of the forward / sampling-step input', '128')
    .option('--reps <n>', 'timed repetitions per case (after one warm-up)', '5')
    .option('--json', 'print one JSON object per case and line')
    .action(async (raw: Record<string, string | boolean | undefined>) => {
      const options = parseBenchEngineOptions(raw)
      await initBackend(resolveBackendRequest(program.opts<{ backend?: string }>().backend))
      const info = await getBackendInfo()
      const backend = info?.wasm ? `${info.name}×${info.wasm.threads}` : (info?.name ?? 'unknown')
      const rows = await benchEngine({
        ...options,
        backend,
        onRow: (row) => {
          if (options.json) process.stdout.write(JSON.stringify(row) + '\n')
          else process.stderr.write(`${row.op} ${row.size}² batch ${row.batch}: ${row.ms_median.toFixed(1)} ms\n`)
        }
      })
      if (!options.json) process.stdout.write(formatBenchRows(rows) + '\n')
    })
}
