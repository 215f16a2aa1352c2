import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import { DEFAULT_MODEL_ID } from '../../shared/models'

export { DEFAULT_MODEL_ID }

/** A model folder on disk and its identity. */
export interface ModelLocation {
  /** Registry id (folder name), or the folder's name for a path. */
  id: string
  dir: string
  /** sha256 over model.json and weights.bin, hex: what outputs record as provenance. */
  sha256: string
  /** Shipped with the app (read-only). */
  builtIn: boolean
}

/** Where models live: the shipped ones (read-only) and the user's. */
export interface ModelDirs {
  builtIn: string
  user?: string
}

/** sha256 of a model folder's files, in a fixed order. */
export async function hashModelDir(dir: string): Promise<string> {
  const hash = createHash('sha256')
  for (const name of ['model.json', 'weights.bin']) hash.update(await readFile(path.join(dir, name)))
  return hash.digest('hex')
}

/**
 * Finds a model by id (user models first, then the shipped ones) or by folder path.
 * @throws CodedError `not-found` naming where it looked
 */
export async function locateModel(idOrPath: string | undefined, dirs: ModelDirs): Promise<ModelLocation> {
  const wanted = idOrPath ?? DEFAULT_MODEL_ID
  const candidates: { dir: string; builtIn: boolean }[] = []
  if (wanted.includes('/') || wanted.includes(path.sep) || wanted.startsWith('.')) candidates.push({ dir: path.resolve(wanted), builtIn: false })
  else {
    if (!/^[a-z0-9][a-z0-9._-]{0,80}$/i.test(wanted)) throw new CodedError('bad-request', `"${wanted}" is not a valid model id.`)
    if (dirs.user) candidates.push({ dir: path.join(dirs.user, wanted), builtIn: false })
    candidates.push({ dir: path.join(dirs.builtIn, wanted), builtIn: true })
  }
  for (const c of candidates) {
    if (!existsSync(path.join(c.dir, 'model.json'))) continue
    if (!(await stat(path.join(c.dir, 'weights.bin')).catch(() => undefined))) {
      throw new CodedError('not-found', `Model weights not found: ${path.join(c.dir, 'weights.bin')} is missing (the model folder is incomplete; copy or import it again).`)
    }
    return { id: path.basename(c.dir), dir: c.dir, sha256: await hashModelDir(c.dir), builtIn: c.builtIn }
  }
  throw new CodedError('not-found', `Model "${wanted}" not found (looked in ${candidates.map((c) => c.dir).join(', ')}).`)
}
