/**
 * Output naming and the rules that keep outputs away from inputs: `<name>_cvdm.tif` (+ `<name>_cvdm_std.tif`),
 * renamed variants `<name>_2_cvdm.tif` / `<name>_2_cvdm_std.tif` (as `cvdm predict` names them, see
 * src/core/restore/output-paths.ts), sub-folders mirrored from the input root.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { CodedError } from '../../shared/errors'
import { TEMP_SUFFIX } from './atomic'
import type { FileEntry } from './types'

/** Matches files this app wrote (outputs, renamed outputs, reports, temps): never picked up as inputs. */
export const OWN_ARTIFACT = /(_cvdm(_std)?\.tiff?$)|(_cvdm\.png$)|(^cvdm-report-.*\.(json|md)$)|(\.cvdm-tmp$)/i

/** Strips `.ome.tif`, `.tif`, `.tiff` (any case) or any other last extension. */
export function stem(fileName: string): string {
  const m = /^(.*?)(\.ome)?\.tiff?$/i.exec(fileName)
  return m ? m[1] : path.parse(fileName).name
}

/** The default outputs of the input at `rel` (`/`-separated, relative to the input root). */
export function outputsFor(rel: string, outputDir: string, withStd: boolean): FileEntry['outputs'] {
  const dir = path.join(outputDir, ...path.posix.dirname(rel).split('/').filter((p) => p !== '.'))
  const base = stem(path.posix.basename(rel))
  return {
    main: path.join(dir, `${base}_cvdm.tif`),
    ...(withStd ? { std: path.join(dir, `${base}_cvdm_std.tif`) } : {})
  }
}

/** The n-th renamed variant (n ≥ 2) of default outputs: `_n` before `_cvdm` in each name. */
export function renamedOutputs(outputs: FileEntry['outputs'], n: number): FileEntry['outputs'] {
  const bump = (p: string): string => p.replace(/_cvdm(_std)?\.tif$/, `_${n}_cvdm$1.tif`)
  return { main: bump(outputs.main), ...(outputs.std ? { std: bump(outputs.std) } : {}) }
}

/** A comparison key for paths: resolved and lower-cased (safe on case-insensitive macOS/Windows volumes). */
export function pathKey(p: string): string {
  return path.resolve(p).toLowerCase()
}

/**
 * Refuses a file set whose outputs would overwrite an input or each other (e.g. `a.tif` and `a.tiff`).
 * @throws CodedError `bad-request` naming the first conflict
 */
export function checkOutputCollisions(entries: FileEntry[]): void {
  const inputs = new Map(entries.map((e) => [pathKey(e.input), e.input]))
  const seen = new Map<string, string>()
  for (const e of entries) {
    for (const out of [e.outputs.main, e.outputs.std]) {
      if (!out) continue
      const key = pathKey(out)
      if (inputs.has(key)) {
        throw new CodedError('bad-request', `Output ${out} would overwrite the input ${inputs.get(key)}; choose another output folder.`)
      }
      const other = seen.get(key)
      if (other) throw new CodedError('bad-request', `Inputs ${other} and ${e.input} would both write ${out}; rename one of them.`)
      seen.set(key, e.input)
    }
  }
}

/**
 * Picks the outputs of a file under the `rename` policy: the defaults if free, else the first free `_n`
 * variant (n ≥ 2) that is no input and not taken by another file of the job.
 */
export function pickRenamed(outputs: FileEntry['outputs'], inputKeys: Set<string>, taken: Set<string>): FileEntry['outputs'] {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? outputs : renamedOutputs(outputs, n)
    const paths = [candidate.main, candidate.std].filter((p): p is string => !!p)
    const free = paths.every((p) => !fs.existsSync(p) && !inputKeys.has(pathKey(p)) && !taken.has(pathKey(p)))
    if (free) return candidate
  }
}

/** Is `name` (a base name) something this app wrote? */
export function isOwnArtifact(name: string): boolean {
  return OWN_ARTIFACT.test(name) || name.endsWith(TEMP_SUFFIX)
}
