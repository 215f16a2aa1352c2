/** A small least-recently-used cache of planes, bounded by count and bytes, so Z/T scrubbing re-uses reads. */
import type { PlaneRequest } from '../../../shared/image'

/** Cache key of a plane: file + indices. */
export function planeKey(request: PlaneRequest): string {
  return `${request.t}/${request.z}/${request.c}|${request.path}`
}

/** LRU map from key to value, evicting the oldest entries beyond `maxEntries` or `maxBytes`. */
export class PlaneCache<T> {
  private readonly entries = new Map<string, { value: T; bytes: number }>()
  private bytes = 0

  /**
   * @param maxEntries - most entries kept (≥ 1)
   * @param maxBytes - most bytes kept; the newest entry always stays even if larger
   */
  constructor(
    readonly maxEntries = 8,
    readonly maxBytes = 512 * 2 ** 20
  ) {}

  /** The value for `key` (and marks it most recently used). */
  get(key: string): T | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.value
  }

  /** Whether `key` is cached (without touching its age). */
  has(key: string): boolean {
    return this.entries.has(key)
  }

  /** Stores `value` (of `bytes` bytes) as the most recently used entry and evicts the oldest beyond the limits. */
  set(key: string, value: T, bytes: number): void {
    const old = this.entries.get(key)
    if (old) {
      this.bytes -= old.bytes
      this.entries.delete(key)
    }
    this.entries.set(key, { value, bytes })
    this.bytes += bytes
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= 1 || (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes)) break
      this.entries.delete(oldest)
      this.bytes -= entry.bytes
    }
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear()
    this.bytes = 0
  }

  /** Number of entries. */
  get size(): number {
    return this.entries.size
  }

  /** Bytes held. */
  get totalBytes(): number {
    return this.bytes
  }
}
