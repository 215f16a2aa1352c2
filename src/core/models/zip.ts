/**
 * Model zips (fflate): export writes `<id>/<file>` entries; import accepts that layout or the files at the zip's
 * root, and refuses anything that could land outside the model folder (zip-slip: `..`, absolute paths, drive
 * letters, backslashes) or that nests folders. Model zips are a few MB, so they are read whole into memory.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { unzipSync, zipSync, type Zippable } from 'fflate'
import { CodedError } from '../../shared/errors'

/** Most bytes a model zip may unpack to (a cvdm-s model is ~60 MB). */
export const MAX_UNPACKED_BYTES = 2 * 1024 ** 3

/** Entries from other tools that are not part of the model (macOS resource forks, Finder files). */
const IGNORED = /(^|\/)(__MACOSX\/|\.DS_Store$)/

/** The files of a model zip and the folder name they were stored under (if any). */
export interface UnpackedModel {
  /** Top folder inside the zip, e.g. the model id; undefined when the files sit at the root. */
  folder?: string
  /** File name → contents. */
  files: Map<string, Uint8Array>
}

function refuse(zipFile: string, entry: string, why: string): never {
  throw new CodedError('bad-model', `${zipFile}: refused entry "${entry}" (${why}); a model zip holds one folder of plain files.`)
}

/**
 * Reads a model zip.
 * @throws CodedError `bad-model` for a corrupt zip, an unsafe entry (zip-slip), nested folders or several top folders;
 *   `not-found` / `io-error` when the file can't be read
 */
export async function readModelZip(zipFile: string): Promise<UnpackedModel> {
  let bytes: Uint8Array
  try {
    bytes = await fs.readFile(zipFile)
  } catch (error) {
    const code = (error as { code?: string }).code === 'ENOENT' ? 'not-found' : 'io-error'
    throw new CodedError(code, `Could not read ${zipFile}: ${(error as Error).message}`, { cause: error })
  }
  let total = 0
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        total += f.originalSize
        if (total > MAX_UNPACKED_BYTES) refuse(zipFile, f.name, 'the zip unpacks to more than 2 GB')
        return !IGNORED.test(f.name)
      }
    })
  } catch (error) {
    if (error instanceof CodedError) throw error
    throw new CodedError('bad-model', `${zipFile} is not a readable zip file (${(error as Error).message}).`, { cause: error })
  }
  const files = new Map<string, Uint8Array>()
  const folders = new Set<string>()
  for (const [name, data] of Object.entries(entries)) {
    if (name.includes('\\') || name.startsWith('/') || /^[a-z]:/i.test(name)) refuse(zipFile, name, 'absolute or Windows path')
    const isFolder = name.endsWith('/')
    const parts = (isFolder ? name.slice(0, -1) : name).split('/')
    if (parts.some((p) => p === '' || p === '.' || p === '..')) refuse(zipFile, name, 'path leaves the model folder')
    if (parts.length > (isFolder ? 1 : 2)) refuse(zipFile, name, 'nested folder')
    if (isFolder || parts.length === 2) folders.add(parts[0])
    if (isFolder) continue
    const key = parts.join('/')
    files.set(key, data)
  }
  if (folders.size > 1) throw new CodedError('bad-model', `${zipFile} holds several folders (${[...folders].join(', ')}); export one model per zip.`)
  const folder = folders.size === 1 ? [...folders][0] : undefined
  const flat = new Map<string, Uint8Array>()
  for (const [key, data] of files) {
    const inFolder = folder !== undefined && key.startsWith(`${folder}/`)
    if (folder !== undefined && !inFolder) refuse(zipFile, key, 'file outside the model folder')
    flat.set(inFolder ? key.slice(folder.length + 1) : key, data)
  }
  return { folder, files: flat }
}

/**
 * Zips a model folder's plain files as `<id>/<file>` (weights stored with light compression: float32 weights
 * barely compress).
 * @returns the zip bytes
 */
export async function packModelZip(dir: string, id: string): Promise<Uint8Array> {
  const zippable: Zippable = {}
  const folder: Zippable = {}
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue
    folder[entry.name] = [await fs.readFile(path.join(dir, entry.name)), { level: entry.name.endsWith('.bin') ? 1 : 6 }]
  }
  zippable[id] = folder
  return zipSync(zippable)
}
