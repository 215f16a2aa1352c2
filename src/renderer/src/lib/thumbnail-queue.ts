/**
 * Loads file-browser thumbnails a couple at a time (so a folder of 500 TIFFs doesn't flood the host) and keeps the
 * answers, errors included, by path + size until {@link ThumbnailQueue.clear}. The host caches by modification
 * time too, so a refresh that clears this cache costs little.
 */
import type { Thumbnail } from '../../../shared/image'
import type { Result } from '../../../shared/result'

/** How a thumbnail is fetched (the host's `image:thumbnail`). */
export type ThumbnailFetch = (path: string, maxSide: number) => Promise<Result<Thumbnail>>

/** Longer side of the thumbnails the file browser asks for (pixels; drawn at 32 CSS px, sharp on 2× screens). */
export const THUMBNAIL_SIDE = 64
/** Thumbnails fetched at the same time. */
export const THUMBNAIL_CONCURRENCY = 2

/** A bounded-concurrency, cached thumbnail loader. */
export class ThumbnailQueue {
  private readonly cache = new Map<string, Promise<Result<Thumbnail>>>()
  private readonly waiting: (() => void)[] = []
  private running = 0

  constructor(
    private readonly fetch: ThumbnailFetch,
    private readonly concurrency = THUMBNAIL_CONCURRENCY,
    private readonly side = THUMBNAIL_SIDE
  ) {}

  /** The thumbnail of `path` (`sizeBytes` tells a rewritten file apart); queued behind the ones already asked for. */
  load(path: string, sizeBytes = 0): Promise<Result<Thumbnail>> {
    const key = `${path}\0${sizeBytes}`
    let pending = this.cache.get(key)
    if (!pending) {
      pending = this.run(() => this.fetch(path, this.side))
      this.cache.set(key, pending)
    }
    return pending
  }

  /** Forgets every answer (the browser's Refresh). */
  clear(): void {
    this.cache.clear()
  }

  /** Fetches in flight (tests). */
  get active(): number {
    return this.running
  }

  private async run(task: () => Promise<Result<Thumbnail>>): Promise<Result<Thumbnail>> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.running++
    try {
      return await task()
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: String(error) } }
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }
}
