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
  await fs.mkdir(tmp)
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
    if (exists) await fs.rename(dir, old)
    await fs.rename(tmp, dir)
    if (exists) await fs.rm(old, { recursive: true, force: true })
  } catch (error) {
    await fs.rm(tmp, { recursive: true, force: true })
    throw error
  }
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
