/**
 * A minimal SVG line chart for bench results (no dependency: uplot needs a DOM). Series are polylines with a
 * legend; axes show min/max ticks.
 */

/** One line of the chart. */
export interface Series {
  label: string
  color: string
  points: [number, number][]
  dashed?: boolean
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')

/**
 * Renders series to an SVG document.
 * @param title - chart title; xLabel/yLabel - axis labels
 */
export function lineChart(title: string, xLabel: string, yLabel: string, series: Series[], width = 640, height = 400): string {
  const all = series.flatMap((s) => s.points)
  const xs = all.map((p) => p[0])
  const ys = all.map((p) => p[1])
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)]
  const pad = (Math.max(...ys) - Math.min(...ys)) * 0.05 || 1
  const [y0, y1] = [Math.min(...ys) - pad, Math.max(...ys) + pad]
  const m = { l: 60, r: 170, t: 30, b: 45 }
  const px = (x: number): number => m.l + ((x - x0) / (x1 - x0 || 1)) * (width - m.l - m.r)
  const py = (y: number): number => height - m.b - ((y - y0) / (y1 - y0 || 1)) * (height - m.t - m.b)
  const ticks = (lo: number, hi: number, n: number): number[] => Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n)
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2 - m.r / 2}" y="18" text-anchor="middle" font-size="13">${esc(title)}</text>`,
    `<line x1="${m.l}" y1="${height - m.b}" x2="${width - m.r}" y2="${height - m.b}" stroke="black"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${height - m.b}" stroke="black"/>`
  ]
  for (const x of ticks(x0, x1, 4)) out.push(`<text x="${px(x)}" y="${height - m.b + 14}" text-anchor="middle">${Number(x.toPrecision(3))}</text>`)
  for (const y of ticks(y0, y1, 4)) {
    out.push(`<text x="${m.l - 5}" y="${py(y) + 4}" text-anchor="end">${y.toFixed(2)}</text>`)
    out.push(`<line x1="${m.l}" y1="${py(y)}" x2="${width - m.r}" y2="${py(y)}" stroke="#ddd"/>`)
  }
  out.push(`<text x="${(m.l + width - m.r) / 2}" y="${height - 8}" text-anchor="middle">${esc(xLabel)}</text>`)
  out.push(`<text x="14" y="${height / 2}" text-anchor="middle" transform="rotate(-90 14 ${height / 2})">${esc(yLabel)}</text>`)
  series.forEach((s, i) => {
    const pts = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')
    const dash = s.dashed ? ' stroke-dasharray="5,4"' : ''
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.8"${dash} points="${pts}"/>`)
    for (const [x, y] of s.points) out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2.5" fill="${s.color}"/>`)
    const ly = m.t + 14 * i
    out.push(`<line x1="${width - m.r + 10}" y1="${ly}" x2="${width - m.r + 30}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`)
    out.push(`<text x="${width - m.r + 35}" y="${ly + 4}">${esc(s.label)}</text>`)
  })
  out.push('</svg>')
  return out.join('\n') + '\n'
}
