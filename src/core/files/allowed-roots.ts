import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { CodedError } from '../../shared/errors'

/** True when `target` is `root` or lies below it (both absolute, normalized). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/**
 * Resolves a path that came from the UI (untrusted, STYLE.md rule 17): absolute only, symlinks resolved, and it must
 * lie inside one of `roots` (also resolved). Traversal (`..`), NUL bytes and links out of a root are refused.
 * @throws CodedError `forbidden-path` outside the roots, `not-found` when it doesn't exist
 */
export async function resolveAllowedPath(untrusted: string, roots: string[]): Promise<string> {
  if (!path.isAbsolute(untrusted) || untrusted.includes('\0')) {
    throw new CodedError('forbidden-path', `"${untrusted}" is not an absolute path.`)
  }
  let real: string
  try {
    real = await realpath(path.resolve(untrusted))
  } catch (error) {
    throw new CodedError('not-found', `${untrusted} does not exist.`, { cause: error })
  }
  const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => path.resolve(r))))
  if (!realRoots.some((root) => isInside(root, real))) {
    throw new CodedError('forbidden-path', `${untrusted} is outside the folders this app may open (${roots.join(', ')}).`)
  }
  return real
}
