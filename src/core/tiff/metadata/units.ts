/** Normalization of length and time units as written by ImageJ, OME and TIFF resolution tags. */

const LENGTH: Record<string, string> = {
  micron: 'µm', microns: 'µm', um: 'µm', 'µm': 'µm', 'μm': 'µm', '\\u00b5m': 'µm', micrometer: 'µm', micrometre: 'µm',
  nm: 'nm', nanometer: 'nm', nanometre: 'nm', mm: 'mm', millimeter: 'mm', cm: 'cm', centimeter: 'cm', m: 'm', meter: 'm',
  inch: 'inch', in: 'inch', 'å': 'Å', angstrom: 'Å', pm: 'pm'
}

/** Normalizes a length unit ('micron', '\u00B5m', 'um' → 'µm'); `undefined` for pixels or empty. */
export function normalizeLengthUnit(unit: string | undefined): string | undefined {
  if (!unit) return undefined
  const key = unit.trim().toLowerCase()
  if (key === '' || key === 'pixel' || key === 'pixels' || key === 'px') return undefined
  return LENGTH[key] ?? unit.trim()
}

const SECONDS: Record<string, number> = {
  s: 1, sec: 1, second: 1, seconds: 1, ms: 1e-3, msec: 1e-3, millisecond: 1e-3, 'µs': 1e-6, us: 1e-6, 'μs': 1e-6, '\\u00b5s': 1e-6,
  ns: 1e-9, min: 60, minute: 60, minutes: 60, h: 3600, hr: 3600, hour: 3600, hours: 3600
}

/** Converts a time value in `unit` (default seconds) to seconds; `undefined` for unknown units. */
export function toSeconds(value: number, unit: string | undefined): number | undefined {
  const factor = SECONDS[(unit ?? 's').trim().toLowerCase()]
  return factor === undefined ? undefined : value * factor
}

/** The unit ImageJ writes for a normalized length unit ('µm' → 'micron', which every ImageJ version reads). */
export function imagejUnit(unit: string | undefined): string {
  if (!unit) return 'pixel'
  return unit === 'µm' ? 'micron' : unit
}

const MICRONS: Record<string, number> = { pm: 1e-6, 'Å': 1e-4, nm: 1e-3, 'µm': 1, mm: 1e3, cm: 1e4, m: 1e6, inch: 25400 }

/** Converts `value` from normalized length unit `from` to `to`; unchanged when either is unknown. */
export function convertLength(value: number, from: string | undefined, to: string | undefined): number {
  if (!from || !to || from === to) return value
  const a = MICRONS[from]
  const b = MICRONS[to]
  return a === undefined || b === undefined ? value : (value * a) / b
}
