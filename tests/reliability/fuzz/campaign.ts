/**
 * A fuzz campaign: cases `from..to` of one seed, each timed, with a running summary (outcome per error code,
 * slowest case, peak RSS, bugs with their replay coordinates). Shared by the CI test and scripts/fuzz-tiff.ts.
 */
import { makeCase } from './mutate'
import { runCase } from './run-case'
import type { TiffMap } from './tiff-map'

/** One failing case, enough to replay it (`makeCase(seed, index, fixtures)`). */
export interface BugReport {
  index: number
  fixture: string
  op: string
  message: string
}

/** Running totals of a campaign (plain JSON: a long run checkpoints it and resumes from `next`). */
export interface FuzzSummary {
  seed: number
  /** Cases run so far and the next case index. */
  cases: number
  next: number
  decoded: number
  /** Outcome count per CodedError code. */
  codes: Record<string, number>
  bugs: BugReport[]
  /** Slowest case (ms, wall clock, open + every page) and its index. */
  maxMs: number
  maxMsCase: number
  /** Cases over the 1 s budget. */
  slow: number
  /** Peak resident set size seen (bytes, sampled every 64 cases). */
  maxRss: number
}

/** An empty summary for `seed` starting at case `from`. */
export function emptySummary(seed: number, from = 0): FuzzSummary {
  return { seed, cases: 0, next: from, decoded: 0, codes: {}, bugs: [], maxMs: 0, maxMsCase: -1, slow: 0, maxRss: 0 }
}

/** Budget of one case (ms). */
export const CASE_BUDGET_MS = 1000

/**
 * Runs cases `summary.next` .. `to - 1` (or until `deadline`, a `performance.now()` time) and updates `summary`.
 * @param fixtures - valid TIFFs with their maps (see loadFixtures)
 * @param onProgress - called every `every` cases with the summary so far
 */
export async function runCampaign(
  summary: FuzzSummary,
  to: number,
  fixtures: readonly { name: string; bytes: Uint8Array; map: TiffMap }[],
  options: { deadline?: number; every?: number; onProgress?: (s: FuzzSummary) => void } = {}
): Promise<FuzzSummary> {
  const every = options.every ?? 10_000
  for (let i = summary.next; i < to; i++) {
    if (options.deadline !== undefined && performance.now() > options.deadline) break
    const c = makeCase(summary.seed, i, fixtures)
    const start = performance.now()
    const outcome = await runCase(c.bytes)
    const ms = performance.now() - start
    summary.cases++
    summary.next = i + 1
    if (ms > summary.maxMs) {
      summary.maxMs = ms
      summary.maxMsCase = i
    }
    if (ms > CASE_BUDGET_MS) summary.slow++
    if (outcome.kind === 'decoded') summary.decoded++
    else if (outcome.kind === 'error') summary.codes[outcome.code] = (summary.codes[outcome.code] ?? 0) + 1
    else {
      const e = outcome.error as Error
      summary.bugs.push({ index: i, fixture: c.name, op: c.op, message: `${e?.name}: ${e?.message ?? String(e)}`.slice(0, 300) })
    }
    if ((i & 63) === 0) summary.maxRss = Math.max(summary.maxRss, process.memoryUsage.rss())
    if (options.onProgress && summary.cases % every === 0) options.onProgress(summary)
  }
  summary.maxRss = Math.max(summary.maxRss, process.memoryUsage.rss())
  return summary
}

/** The summary as a Markdown table (what the script prints and docs/RELIABILITY.md records). */
export function summaryTable(s: FuzzSummary): string {
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`
  const rows: [string, string][] = [
    ['seed', String(s.seed)],
    ['cases', s.cases.toLocaleString('en-US')],
    ['decoded', s.decoded.toLocaleString('en-US')],
    ...Object.entries(s.codes)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]): [string, string] => [`error \`${code}\``, n.toLocaleString('en-US')]),
    ['bugs (not a CodedError, or a wrong-sized raster)', String(s.bugs.length)],
    [`cases over ${CASE_BUDGET_MS} ms`, String(s.slow)],
    ['slowest case', `${s.maxMs.toFixed(1)} ms (case ${s.maxMsCase})`],
    ['peak RSS', mb(s.maxRss)]
  ]
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n')
}
