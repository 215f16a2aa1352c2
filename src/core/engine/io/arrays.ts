/**
 * Packing named float32 arrays into one little-endian binary blob plus a JSON manifest (the model and checkpoint
 * weight files), and atomic directory writes.
 */
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { CodedError } from '../../../shared/errors'
import type { NamedArrays } from '../ops/param-store'

/** One entry of a weights manifest: byte offset and shape in the binary file. */
export interface ManifestEntry {
  name: string
  shape: number[]
  /** Byte offset in the binary blob (float32 little-endian). */
  offset: number
}

/** Packs arrays in insertion order. */
export function packArrays(arrays: NamedArrays): { manifest: ManifestEntry[]; bytes: Uint8Array } {
  let total = 0
  for (const a of arrays.values()) total += a.data.length * 4
  const bytes = new Uint8Array(total)
  const view = new DataView(bytes.buffer)
  const manifest: ManifestEntry[] = []
  let offset = 0
  for (const [name, a] of arrays) {
    manifest.push({ name, shape: [...a.shape], offset })
    for (let i = 0; i < a.data.length; i++) view.setFloat32(offset + 4 * i, a.data[i], true)
    offset += a.data.length * 4
  }
  return { manifest, bytes }
}

/**
 * Unpacks arrays written by {@link packArrays}.
 * @throws CodedError `bad-model` for a malformed manifest or a blob of the wrong size
 */
export function unpackArrays(manifest: unknown, bytes: Uint8Array, what: string): NamedArrays {
  if (!Array.isArray(manifest)) throw new CodedError('bad-model', `${what}: the weight manifest is missing.`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: NamedArrays = new Map()
  let expected = 0
  for (const entry of manifest as ManifestEntry[]) {
    const ok =
      entry && typeof entry.name === 'string' && Array.isArray(entry.shape) && entry.shape.every((d) => Number.isInteger(d) && d >= 0)
    if (!ok || !Number.isInteger(entry.offset)) throw new CodedError('bad-model', `${what}: malformed weight entry.`)
    const size = entry.shape.reduce((a, b) => a * b, 1)
    if (entry.offset < 0 || entry.offset + size * 4 > bytes.byteLength) {
      throw new CodedError('bad-model', `${what}: weight "${entry.name}" lies outside the weights file (truncated file?).`)
    }
    // packArrays writes weights back to back: an entry elsewhere would read another weight's bytes.
    if (entry.offset !== expected) {
      throw new CodedError('bad-model', `${what}: weight "${entry.name}" starts at byte ${entry.offset}, expected ${expected} (corrupt manifest).`)
    }
    if (out.has(entry.name)) throw new CodedError('bad-model', `${what}: weight "${entry.name}" is listed twice.`)
    const data = new Float32Array(size)
    for (let i = 0; i < size; i++) data[i] = view.getFloat32(entry.offset + 4 * i, true)
    out.set(entry.name, { shape: entry.shape, data })
    expected += size * 4
  }
  if (expected !== bytes.byteLength) {
    throw new CodedError('bad-model', `${what}: weights file has ${bytes.byteLength} bytes, manifest describes ${expected}.`)
  }
  return out
}

/**
 * Writes a directory atomically: files go to a temporary sibling which then replaces `dir` by rename, so a crash
 * leaves either the old or the new directory, never a half-written one.
 * @param files - file name → contents
 */
export async function writeDirAtomic(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  const parent = path.dirname(path.resolve(dir))
  await fs.mkdir(parent, { recursive: true })
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`
  const tmp = `${path.resolve(dir)}.tmp-${tag}`
  const old = `${path.resolve(dir)}.old-${tag}`
  await fs.mkdir(tmp).catch((error: unknown) => {
    throw fileError(error, `Cannot create ${tmp}`)
  })
  let moved = false
  try {
    for (const [name, content] of Object.entries(files)) {
      const handle = await fs.open(path.join(tmp, name), 'w')
      try {
        await handle.writeFile(content)
        await handle.sync()
      } finally {
        await handle.close()
      }
    }
    const exists = await fs.stat(dir).then(
      () => true,
      () => false
    )
    if (exists) {
      await fs.rename(dir, old)
      moved = true
    }
    await fs.rename(tmp, dir)
    moved = false
    if (exists) await fs.rm(old, { recursive: true, force: true })
  } catch (error) {
    // Put the previous directory back if it was moved aside, so a failed save never loses the saved model.
    if (moved) await fs.rename(old, dir).catch(() => undefined)
    await fs.rm(tmp, { recursive: true, force: true })
    throw error instanceof CodedError ? error : fileError(error, `Saving ${dir} failed`)
  }
}

/** A file-system failure as a coded error: ENOSPC/EDQUOT are `disk-full`, the rest `io-error`. */
function fileError(error: unknown, what: string): CodedError {
  const code = (error as { code?: string }).code
  if (code === 'ENOSPC' || code === 'EDQUOT') return new CodedError('disk-full', `${what}: the disk is full; nothing was saved.`, { cause: error })
  return new CodedError('io-error', `${what}: ${(error as Error).message}`, { cause: error })
}

/**
 * Reads a file, turning "not found" into a coded error that names what was looked for.
 * @throws CodedError `not-found` / `io-error`
 */
export async function readFileCoded(file: string, what: string): Promise<Buffer> {
  try {
    return await fs.readFile(file)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ENOENT') throw new CodedError('not-found', `${what} not found: ${file}`)
    throw new CodedError('io-error', `Could not read ${what} ${file}: ${(error as Error).message}`, { cause: error })
  }
}
