/** Random-access byte sources: a file handle (production) or an in-memory buffer (tests, small files). */
import { open, type FileHandle } from 'node:fs/promises'
import { CodedError } from '../../shared/errors'

/** Random access to the bytes of a file. Every read is checked against the file length first. */
export interface ByteSource {
  /** Length of the file in bytes. */
  readonly size: number
  /**
   * Reads `length` bytes at `offset` into `target` (or a new array).
   * @throws CodedError `truncated` when the range runs past the end of the file
   */
  read(offset: number, length: number, target?: Uint8Array): Promise<Uint8Array>
  /** Releases the file handle (idempotent). */
  close(): Promise<void>
}

/**
 * Throws `truncated` unless `[offset, offset + length)` lies inside a file of `size` bytes.
 * @param what - what is being read, for the message (e.g. "strip 3 of page 0")
 */
export function checkRange(size: number, offset: number, length: number, what: string): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new CodedError('bad-offset', `The ${what} has an invalid offset (${offset}) or length (${length}).`)
  }
  if (offset + length > size) {
    throw new CodedError(
      'truncated',
      `The file is truncated: the ${what} needs bytes ${offset}..${offset + length} but the file has ${size} bytes.`
    )
  }
}

class FileSource implements ByteSource {
  private closed = false
  constructor(
    private readonly handle: FileHandle,
    readonly size: number
  ) {}

  async read(offset: number, length: number, target?: Uint8Array): Promise<Uint8Array> {
    checkRange(this.size, offset, length, 'data')
    const out = target ?? new Uint8Array(length)
    let done = 0
    while (done < length) {
      const { bytesRead } = await this.handle.read(out, done, length - done, offset + done)
      if (bytesRead === 0) throw new CodedError('truncated', `The file ended early at byte ${offset + done}.`)
      done += bytesRead
    }
    return out
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.handle.close()
  }
}

/**
 * Opens `path` for random-access reads.
 * @throws CodedError `not-found` when the file does not exist, `io-error` when it cannot be opened
 */
export async function openFileSource(path: string): Promise<ByteSource> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ENOENT') throw new CodedError('not-found', `File not found: ${path}`, { cause: error })
    throw new CodedError('io-error', `Cannot open ${path}: ${(error as Error).message}`, { cause: error })
  }
  try {
    const stat = await handle.stat()
    if (stat.isDirectory()) throw new CodedError('io-error', `${path} is a folder, not a file.`)
    return new FileSource(handle, stat.size)
  } catch (error) {
    await handle.close()
    throw error
  }
}

/** Wraps bytes already in memory as a {@link ByteSource} (reads are copies, as from a file). */
export function bufferSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    async read(offset: number, length: number, target?: Uint8Array): Promise<Uint8Array> {
      checkRange(bytes.length, offset, length, 'data')
      const out = target ?? new Uint8Array(length)
      out.set(bytes.subarray(offset, offset + length))
      return out
    },
    async close(): Promise<void> {}
  }
}
