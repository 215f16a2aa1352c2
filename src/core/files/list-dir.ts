import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import type { DirEntry, DirListing } from '../../shared/image'
import { isInside, resolveAllowedPath } from './allowed-roots'

const TIFF_NAME = /\.(tif|tiff|btf|tf8)$/i

/**
 * Lists the sub-folders and TIFF files of a folder inside the allowed roots (hidden entries and links leading out of
 * the roots skipped; folders first, then natural name order).
 * @param folder - absolute path from the UI, or undefined for the first root
 * @throws CodedError `forbidden-path` / `not-found`
 */
export async function listDir(folder: string | undefined, roots: string[]): Promise<DirListing> {
  const dir = await resolveAllowedPath(folder ?? roots[0], roots)
  const names = (await readdir(dir)).filter((name) => !name.startsWith('.'))
  const entries: DirEntry[] = []
  const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => path.resolve(r))))
  for (const name of names) {
    const full = path.join(dir, name)
    if ((await lstat(full)).isSymbolicLink()) {
      const target = await realpath(full).catch(() => undefined)
      if (!target || !realRoots.some((root) => isInside(root, target))) continue
    }
    const info = await stat(full).catch(() => undefined)
    if (info?.isDirectory()) entries.push({ name, path: full, kind: 'dir', sizeBytes: 0 })
    else if (info?.isFile() && TIFF_NAME.test(name)) entries.push({ name, path: full, kind: 'tiff', sizeBytes: info.size })
  }
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
  entries.sort((a, b) => (a.kind === b.kind ? collator.compare(a.name, b.name) : a.kind === 'dir' ? -1 : 1))
  const parent = path.dirname(dir)
  const resolvedRoots = roots.map((r) => path.resolve(r))
  return {
    path: dir,
    parent: parent !== dir && resolvedRoots.some((root) => isInside(root, parent)) ? parent : undefined,
    entries,
    roots: resolvedRoots
  }
}
