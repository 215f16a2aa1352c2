/** Folder listing for the panels' folder fields (the host's `files:list-dir`, restricted to the allowed roots). */
import type { DirListing } from '../../../shared/image'
import type { Result } from '../../../shared/result'
import { api } from '../api'

/** Lists `path` (default: the host's first allowed root); the host refuses paths outside the allowed roots. */
export function listFolder(path?: string): Promise<Result<DirListing>> {
  // No argument at all for the default: JSON turns a trailing `undefined` into `null`, which hosts reject.
  return path ? api.files.listDir(path) : api.files.listDir()
}

/** A function that lists a folder, passed to folder fields as a prop (tests pass a fake). */
export type FolderLister = typeof listFolder
