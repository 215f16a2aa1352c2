/**
 * From a request to a job: validation with defaults (called once at the API edge), the job id, and the
 * file list (folder scan, glob, shard filter, output names, collision checks).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createHash } from 'node:crypto'
import { CodedError } from '../../shared/errors'
import { DEFAULT_GLOB, globSpansFolders, globToRegExp } from './glob'
import { checkOutputCollisions, isOwnArtifact, outputsFor, pathKey } from './output-names'
import { inShard } from './shard'
import type { FileEntry, JobRequest, JobSpec, OnExists, RestoreOptions } from './types'

/** Defaults of the restore options (the model id has none: the caller picks the model). */
export const DEFAULT_RESTORE_OPTIONS: Readonly<Omit<RestoreOptions, 'modelId'>> = Object.freeze({
  steps: 50,
  samples: 1,
  sampler: 'fast',
  seed: 0
})

const ON_EXISTS: readonly OnExists[] = ['skip', 'overwrite', 'rename']
const bad = (message: string): CodedError => new CodedError('bad-request', message)
const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min

/**
 * Copies `options`, fills defaults and checks every field.
 * @throws CodedError `bad-request` naming the bad field
 */
export function validateRestoreOptions(options: Partial<RestoreOptions> & { modelId: string }): RestoreOptions {
  const o = { ...DEFAULT_RESTORE_OPTIONS, ...options }
  if (typeof o.modelId !== 'string' || o.modelId.trim() === '') throw bad('A model id is required.')
  if (!isInt(o.steps, 1)) throw bad(`steps must be an integer ≥ 1 (got ${o.steps}).`)
  if (!isInt(o.samples, 1)) throw bad(`samples must be an integer ≥ 1 (got ${o.samples}).`)
  if (o.sampler !== 'fast' && o.sampler !== 'faithful') throw bad(`sampler must be fast or faithful (got ${o.sampler}).`)
  if (!isInt(o.seed, 0)) throw bad(`seed must be an integer ≥ 0 (got ${o.seed}).`)
  const out: RestoreOptions = { modelId: o.modelId, steps: o.steps, samples: o.samples, sampler: o.sampler, seed: o.seed }
  if (o.roi) {
    const { x, y, width, height } = o.roi
    if (![x, y].every((v) => isInt(v, 0)) || ![width, height].every((v) => isInt(v, 1))) {
      throw bad('roi must be integers x,y ≥ 0 and width,height ≥ 1.')
    }
    out.roi = { x, y, width, height }
  }
  return out
}

/** The deepest folder containing every path. */
function commonFolder(paths: string[]): string {
  let common = path.dirname(paths[0])
  while (!paths.every((p) => p.startsWith(common.endsWith(path.sep) ? common : common + path.sep))) common = path.dirname(common)
  return common
}

/**
 * Validates a request into a {@link JobSpec}: absolute paths, defaults, one folder or only files.
 * @throws CodedError `bad-request` (bad combination or options), `not-found` (missing input)
 */
export function normalizeRequest(request: JobRequest): JobSpec {
  if (!request.inputs?.length) throw bad('No inputs given.')
  if (!request.outputDir) throw bad('An output folder is required.')
  const onExists = request.onExists ?? 'skip'
  if (!ON_EXISTS.includes(onExists)) throw bad(`on-exists must be skip, overwrite or rename (got ${onExists}).`)
  const inputs = request.inputs.map((p) => path.resolve(p))
  const stats = inputs.map((p) => {
    try {
      return fs.statSync(p)
    } catch {
      throw new CodedError('not-found', `Input not found: ${p}`)
    }
  })
  const outputDir = path.resolve(request.outputDir)
  if (inputs.some((p, i) => !stats[i].isDirectory() && pathKey(p) === pathKey(outputDir))) throw bad(`The output folder ${outputDir} is one of the input files.`)
  if (fs.existsSync(outputDir) && !fs.statSync(outputDir).isDirectory()) throw bad(`The output path ${outputDir} is not a folder.`)
  const base = { outputDir, options: validateRestoreOptions(request.options), onExists, ...(request.shard ? { shard: request.shard } : {}) }
  if (stats.some((s) => s.isDirectory())) {
    if (inputs.length > 1) throw bad('Give one folder, or a list of files, not both.')
    const recursive = !!request.recursive
    const glob = request.glob ?? (recursive ? `**/${DEFAULT_GLOB}` : DEFAULT_GLOB)
    globToRegExp(glob)
    return { inputRoot: inputs[0], folder: { glob, recursive }, ...base }
  }
  if (request.glob || request.recursive) throw bad('--glob and --recursive apply to a folder input.')
  const files = [...new Set(inputs)].sort()
  return { inputRoot: commonFolder(files), files, ...base }
}

/** Sorted-key JSON, so that equal specs hash equally whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** The job id: 16 hex digits of sha1 over the canonical spec (input set, output folder, options, policy, shard). */
export function jobIdFor(spec: JobSpec): string {
  return createHash('sha1').update(canonical(spec)).digest('hex').slice(0, 16)
}

/** Relative paths under `root` (`/`-separated) of files, sub-folders included when `deep`; hidden entries skipped. */
function scan(root: string, deep: boolean, prefix = ''): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory() && deep) out.push(...scan(root, deep, rel))
    else if (entry.isFile()) out.push(rel)
  }
  return out
}

/**
 * The files of a job now: for a folder, a fresh scan (glob, own outputs and reports excluded); sorted by relative
 * path, with default output names, checked for collisions over the whole set, then the shard filter.
 * @throws CodedError `bad-request` when an output would overwrite an input or another output
 */
export function resolveFiles(spec: JobSpec): FileEntry[] {
  let rels: string[]
  if (spec.folder) {
    const re = globToRegExp(spec.folder.glob)
    const deep = spec.folder.recursive || globSpansFolders(spec.folder.glob)
    rels = scan(spec.inputRoot, deep).filter((rel) => re.test(rel) && !isOwnArtifact(path.posix.basename(rel)))
  } else {
    rels = spec.files!.map((f) => path.relative(spec.inputRoot, f).split(path.sep).join('/'))
  }
  const withStd = spec.options.samples > 1
  const entries = rels
    .sort()
    .map((rel) => ({ rel, input: path.join(spec.inputRoot, ...rel.split('/')), outputs: outputsFor(rel, spec.outputDir, withStd) }))
  checkOutputCollisions(entries)
  return entries.filter((e) => inShard(e.rel, spec.shard))
}
