/**
 * Checks every path the UI sends (STYLE.md rule 17): files and folders it reads must exist inside the readable
 * roots (the allowed roots plus the app's previews folder); folders it writes to must resolve, through their nearest
 * existing ancestor, inside the writable roots. Symlinks are resolved before the check.
 */
import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import { isInside, resolveAllowedPath } from '../files'

/** Resolves UI paths against the allowed roots. */
export class PathGuard {
  /**
   * @param roots - folders the user allowed (browse, read, write)
   * @param extraReadable - app folders the UI may read and write too (e.g. `<appHome>/previews`)
   */
  constructor(
    private readonly roots: () => string[],
    private readonly extraReadable: string[] = []
  ) {}

  /** Every folder the UI may read. */
  readableRoots(): string[] {
    return [...this.roots(), ...this.extraReadable]
  }

  /**
   * An existing file or folder the UI may read, resolved.
   * @throws CodedError `forbidden-path` outside the roots, `not-found` when missing
   */
  readable(untrusted: string): Promise<string> {
    return resolveAllowedPath(untrusted, this.readableRoots())
  }

  /**
   * A folder the UI may write into (it may not exist yet: its nearest existing ancestor is what is checked).
   * @throws CodedError `forbidden-path` when not absolute or outside the roots
   */
  async writableFolder(untrusted: string): Promise<string> {
    if (!path.isAbsolute(untrusted) || untrusted.includes('\0')) {
      throw new CodedError('forbidden-path', `"${untrusted}" is not an absolute path.`)
    }
    let existing = path.resolve(untrusted)
    const rest: string[] = []
    let real: string | undefined
    while (real === undefined) {
      real = await realpath(existing).catch(() => undefined)
      if (real !== undefined) break
      const parent = path.dirname(existing)
      if (parent === existing) throw new CodedError('forbidden-path', `${untrusted} is not on an existing drive.`)
      rest.unshift(path.basename(existing))
      existing = parent
    }
    const roots = this.readableRoots()
    const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => path.resolve(r))))
    if (!realRoots.some((root) => isInside(root, real))) {
      throw new CodedError('forbidden-path', `${untrusted} is outside the folders this app may write to (${roots.join(', ')}).`)
    }
    return path.join(real, ...rest)
  }
}
