import { inferenceSummary, type AppInfo } from '../shared/app-info'

/** Formats bytes as GiB with one decimal. */
export function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`
}

/** Renders rows of [label, value] as an aligned two-column table. */
export function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([label]) => label.length))
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')
}

/** Where restores run their networks, e.g. `onnxruntime 1.30.0, 2 threads (training stays on wasm)` or `wasm (onnx unavailable: …)`. */
export function inferenceLabel(info: AppInfo): string {
  const summary = inferenceSummary(info)
  return info.inference.engine === 'onnxruntime' ? `${summary} (training stays on ${info.backend.name})` : summary
}

/** The human-readable form of `cvdm info`. */
export function formatAppInfo(info: AppInfo): string {
  const b = info.backend
  const wasm = b.wasm ? ` (SIMD ${b.wasm.simd ? 'on' : 'off'}, ${b.wasm.threads} thread${b.wasm.threads === 1 ? '' : 's'})` : ''
  const rows: [string, string][] = [
    ['app', `${info.name} ${info.version}`],
    ['platform', `${info.platform}-${info.arch}`],
    ['node', info.versions.node],
    ['tfjs', info.versions.tfjs],
    ['backend', `${b.name}${wasm}, chosen ${b.requestedBy === 'auto' ? 'automatically' : `by ${b.requestedBy}`}`],
    ...b.skipped.map((s): [string, string] => [`  skipped ${s.backend}`, s.reason]),
    ['inference', inferenceLabel(info)],
    ['cpu', `${info.cpu.model} (${info.cpu.cores} cores)`],
    ['memory', `${gib(info.memory.free)} free of ${gib(info.memory.total)}`]
  ]
  if (info.versions.electron) rows.splice(3, 0, ['electron', info.versions.electron])
  return table(rows)
}
