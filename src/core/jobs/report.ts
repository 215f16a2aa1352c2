/**
 * The run report of a job: JSON (for scripts) and Markdown (for people), written atomically into the
 * output folder as `cvdm-report-<job id>.json` / `.md`.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { writeFileAtomic } from './atomic'
import type { JobRecord } from './records'
import { countFiles, jobState } from './summary'
import type { FileStatus, JobSpec, JobState, RestoreOptions } from './types'

/** What the host knows about the run that the queue does not: backend and model hash. */
export interface RunInfo {
  /** Compute backend name (e.g. `wasm`). */
  backend: string
  /** sha256 of the model, when the registry knows it. */
  modelHash?: string
}

/** The JSON report. */
export interface JobReport {
  format: 'cvdm-batch-report'
  version: 1
  jobId: string
  state: JobState
  createdAt: string
  writtenAt: string
  inputs: { root: string; folder?: JobSpec['folder']; count: number }
  outputDir: string
  options: RestoreOptions
  onExists: JobSpec['onExists']
  shard?: JobSpec['shard']
  model: { id: string; hash?: string }
  backend: string
  counts: Record<FileStatus, number>
  /** Sum of per-file totals, mean per processed file, and first start → last finish (all ms). */
  timings: { processingMs: number; meanPerFileMs: number | null; wallMs: number | null }
  files: { rel: string; input: string; status: FileStatus; outputs: string[]; attempts: number; timings?: Record<string, number>; error?: { code: string; message: string }; reason?: string }[]
  failures: { rel: string; code: string; message: string }[]
}

/** The report file paths of a job. */
export function reportPaths(job: { id: string; spec: JobSpec }): { json: string; markdown: string } {
  const base = path.join(job.spec.outputDir, `cvdm-report-${job.id}`)
  return { json: `${base}.json`, markdown: `${base}.md` }
}

/** Builds the report of `job` as it stands. */
export function buildReport(job: JobRecord, run: RunInfo, now = Date.now()): JobReport {
  const totals = job.files.filter((f) => f.status === 'done').map((f) => f.timings?.total ?? 0)
  const starts = job.files.map((f) => f.startedAt).filter((t): t is number => t !== undefined)
  const ends = job.files.map((f) => f.finishedAt).filter((t): t is number => t !== undefined)
  const processingMs = totals.reduce((a, b) => a + b, 0)
  return {
    format: 'cvdm-batch-report',
    version: 1,
    jobId: job.id,
    state: jobState(job),
    createdAt: new Date(job.createdAt).toISOString(),
    writtenAt: new Date(now).toISOString(),
    inputs: { root: job.spec.inputRoot, ...(job.spec.folder ? { folder: job.spec.folder } : {}), count: job.files.length },
    outputDir: job.spec.outputDir,
    options: job.spec.options,
    onExists: job.spec.onExists,
    ...(job.spec.shard ? { shard: job.spec.shard } : {}),
    model: { id: job.spec.options.modelId, ...(run.modelHash ? { hash: run.modelHash } : {}) },
    backend: run.backend,
    counts: countFiles(job.files),
    timings: {
      processingMs,
      meanPerFileMs: totals.length ? processingMs / totals.length : null,
      wallMs: starts.length && ends.length ? Math.max(...ends) - Math.min(...starts) : null
    },
    files: job.files.map((f) => ({
      rel: f.rel,
      input: f.input,
      status: f.status,
      outputs: f.status === 'done' ? (f.written ?? []) : [],
      attempts: f.attempts,
      ...(f.timings ? { timings: f.timings } : {}),
      ...(f.error ? { error: f.error } : {}),
      ...(f.reason ? { reason: f.reason } : {})
    })),
    failures: job.files.filter((f) => f.status === 'failed').map((f) => ({ rel: f.rel, code: f.error?.code ?? 'internal', message: f.error?.message ?? '' }))
  }
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
const ms = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : `${(v / 1000).toFixed(2)} s`)

/** The Markdown summary of a report. */
export function reportMarkdown(r: JobReport): string {
  const counts = Object.entries(r.counts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ')
  const o = r.options
  const lines = [
    `# CVDM batch report — job ${r.jobId}`,
    '',
    `**State:** ${r.state} (${counts || 'no files'})  `,
    `**Inputs:** ${r.inputs.count} file(s) from \`${r.inputs.root}\`${r.inputs.folder ? ` (glob \`${r.inputs.folder.glob}\`${r.inputs.folder.recursive ? ', recursive' : ''})` : ''}${r.shard ? `, shard ${r.shard.index}/${r.shard.count}` : ''}  `,
    `**Output folder:** \`${r.outputDir}\` (existing outputs: ${r.onExists})  `,
    `**Model:** ${r.model.id}${r.model.hash ? ` (sha256 ${r.model.hash})` : ''} · **backend:** ${r.backend}  `,
    `**Options:** ${o.steps} steps, ${o.samples} sample(s), ${o.sampler} sampler, seed ${o.seed}${o.roi ? `, ROI ${o.roi.x},${o.roi.y} ${o.roi.width}×${o.roi.height}` : ''}  `,
    `**Timings:** processing ${ms(r.timings.processingMs)}, mean ${ms(r.timings.meanPerFileMs)} per file, wall ${ms(r.timings.wallMs)}  `,
    `**Written:** ${r.writtenAt}`,
    ''
  ]
  if (r.failures.length) {
    lines.push('## Failures', '', ...r.failures.map((f) => `- \`${f.rel}\`: [${f.code}] ${cell(f.message)}`), '')
  }
  lines.push('## Files', '', '| file | status | outputs | time |', '|---|---|---|---|')
  for (const f of r.files) {
    const outs = f.outputs.map((p) => `\`${path.basename(p)}\``).join(', ')
    const note = f.error ? ` [${f.error.code}]` : f.reason ? ` (${f.reason})` : ''
    lines.push(`| \`${cell(f.rel)}\` | ${f.status}${cell(note)} | ${outs} | ${ms(f.timings?.total)} |`)
  }
  return lines.join('\n') + '\n'
}

/** Writes both report files atomically (creating the output folder if needed); returns their paths. */
export function writeReport(job: JobRecord, run: RunInfo, now = Date.now()): { json: string; markdown: string } {
  const paths = reportPaths(job)
  const report = buildReport(job, run, now)
  fs.mkdirSync(job.spec.outputDir, { recursive: true })
  writeFileAtomic(paths.json, JSON.stringify(report, null, 2) + '\n')
  writeFileAtomic(paths.markdown, reportMarkdown(report))
  return paths
}
