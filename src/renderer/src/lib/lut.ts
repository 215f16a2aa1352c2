/**
 * Lookup tables (256 RGBA entries) for showing one channel, with ImageJ's names and colours, and the
 * value → LUT index rule shared by the WebGL shader and the Canvas2D fallback.
 */

/** LUTs the viewer offers, in menu order. */
export const LUT_NAMES = ['gray', 'red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'fire', 'ice', 'inverted'] as const

/** One of {@link LUT_NAMES}. */
export type LutName = (typeof LUT_NAMES)[number]

/** Labels as ImageJ's Image › Lookup Tables menu names them. */
export const LUT_LABELS: Record<LutName, string> = {
  gray: 'Grays',
  red: 'Red',
  green: 'Green',
  blue: 'Blue',
  cyan: 'Cyan',
  magenta: 'Magenta',
  yellow: 'Yellow',
  fire: 'Fire',
  ice: 'Ice',
  inverted: 'Inverted Grays'
}

/** ImageJ's default channel colours for composites (CompositeImage: red, green, blue, gray, cyan, magenta, yellow). */
export const COMPOSITE_DEFAULTS: readonly LutName[] = ['red', 'green', 'blue', 'gray', 'cyan', 'magenta', 'yellow']

const PRIMARIES: Partial<Record<LutName, [number, number, number]>> = {
  gray: [1, 1, 1],
  red: [1, 0, 0],
  green: [0, 1, 0],
  blue: [0, 0, 1],
  cyan: [0, 1, 1],
  magenta: [1, 0, 1],
  yellow: [1, 1, 0]
}

// Control points of ImageJ's "Fire" and "Ice" (ij.plugin.LutLoader.fire / ice), interpolated to 256 entries.
const FIRE = {
  r: [0, 0, 1, 25, 49, 73, 98, 122, 146, 162, 173, 184, 195, 207, 217, 229, 240, 252, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255],
  g: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 14, 35, 57, 79, 101, 117, 133, 147, 161, 175, 190, 205, 219, 234, 248, 255, 255, 255, 255],
  b: [0, 61, 96, 130, 165, 192, 220, 227, 210, 181, 151, 122, 93, 64, 35, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 35, 98, 160, 223, 255]
}
const ICE = {
  r: [0, 0, 0, 0, 0, 0, 19, 29, 50, 48, 79, 112, 134, 158, 186, 201, 217, 229, 242, 250, 250, 250, 250, 251, 250, 250, 250, 250, 251, 251, 243, 230],
  g: [156, 165, 176, 184, 190, 196, 193, 184, 171, 162, 146, 125, 107, 93, 81, 87, 92, 97, 95, 93, 93, 90, 85, 69, 64, 54, 47, 35, 19, 0, 4, 0],
  b: [140, 147, 158, 166, 170, 176, 209, 220, 234, 225, 236, 246, 250, 251, 250, 250, 245, 230, 230, 222, 202, 180, 163, 142, 123, 114, 106, 94, 84, 64, 26, 27]
}

/** Linear interpolation of `points` (n control values) to 256 entries, as LutLoader.interpolate does. */
function interpolate(points: number[], i: number): number {
  const scale = points.length / 256
  const i1 = Math.floor(i * scale)
  const i2 = Math.min(i1 + 1, points.length - 1)
  const fraction = i * scale - i1
  return Math.trunc((1 - fraction) * points[i1] + fraction * points[i2])
}

/** The 256-entry RGBA table (Uint8Array of 1024 bytes, alpha 255) for `name`. */
export function buildLut(name: LutName): Uint8Array {
  const table = new Uint8Array(256 * 4)
  const primary = PRIMARIES[name]
  const points = name === 'fire' ? FIRE : name === 'ice' ? ICE : undefined
  for (let i = 0; i < 256; i++) {
    const o = i * 4
    if (primary) {
      table[o] = primary[0] * i
      table[o + 1] = primary[1] * i
      table[o + 2] = primary[2] * i
    } else if (points) {
      table[o] = interpolate(points.r, i)
      table[o + 1] = interpolate(points.g, i)
      table[o + 2] = interpolate(points.b, i)
    } else {
      table[o] = table[o + 1] = table[o + 2] = 255 - i
    }
    table[o + 3] = 255
  }
  return table
}

const TABLES = new Map<LutName, Uint8Array>()

/** The shared (read-only, never mutate) table for `name`, built once; same object each call, so renderers can skip re-uploads. */
export function lutTable(name: LutName): Uint8Array {
  let table = TABLES.get(name)
  if (!table) TABLES.set(name, (table = buildLut(name)))
  return table
}

/** A CSS linear-gradient showing the LUT (for swatches and the colour bar). */
export function lutGradientCss(name: LutName, stops = 9): string {
  const table = buildLut(name)
  const colors = Array.from({ length: stops }, (_, k) => {
    const i = Math.round((k / (stops - 1)) * 255) * 4
    return `rgb(${table[i]}, ${table[i + 1]}, ${table[i + 2]}) ${((k / (stops - 1)) * 100).toFixed(1)}%`
  })
  return `linear-gradient(to right, ${colors.join(', ')})`
}

/**
 * Maps a LUT name written in a file (ImageJ: "Grays", "Green", "Fire"; OME: "Green") to ours; undefined when unknown.
 */
export function lutFromFileName(name: string | undefined): LutName | undefined {
  if (!name) return undefined
  const key = name.trim().toLowerCase().replace(/\.lut$/, '')
  if (key === 'grays' || key === 'grey' || key === 'greys' || key === 'gray') return 'gray'
  if (key === 'inverted grays' || key === 'inverted') return 'inverted'
  return (LUT_NAMES as readonly string[]).includes(key) ? (key as LutName) : undefined
}

/**
 * The LUT index for value `v` under display range [min, max]: floor((v − min) / (max − min) · 256), clamped to
 * 0–255; NaN maps to 0. The fragment shader implements the same rule.
 */
export function lutIndex(v: number, min: number, max: number): number {
  if (Number.isNaN(v)) return 0
  const span = max - min
  const t = span > 0 ? ((v - min) * 256) / span : v >= max ? 256 : 0
  return t <= 0 ? 0 : t >= 255 ? 255 : Math.floor(t)
}

/**
 * Colours a plane into RGBA bytes (for the Canvas2D renderer): out[i·4…] = lut[lutIndex(data[i])].
 * @param out - RGBA output, length ≥ data.length · 4
 */
export function colorize(data: ArrayLike<number>, min: number, max: number, lut: Uint8Array, out: Uint8ClampedArray): void {
  const span = max - min
  const scale = span > 0 ? 256 / span : 0
  for (let i = 0, o = 0; i < data.length; i++, o += 4) {
    const v = data[i]
    let index: number
    if (v !== v) index = 0
    else if (span <= 0) index = v >= max ? 255 : 0
    else {
      const t = (v - min) * scale
      index = t <= 0 ? 0 : t >= 255 ? 255 : t | 0
    }
    const l = index * 4
    out[o] = lut[l]
    out[o + 1] = lut[l + 1]
    out[o + 2] = lut[l + 2]
    out[o + 3] = 255
  }
}
