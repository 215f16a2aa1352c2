/**
 * Electron-only helper next to `window.api`: the local path of a file dropped onto the window (the page itself only
 * gets a File). Exposed as `window.cvdmDrop` by the preload; absent in the browser host. The path still goes
 * through the host's root check when the UI opens it.
 */
export interface DropBridge {
  /** Absolute path of a dropped DOM `File` ('' when it has none, e.g. text dragged from a page). */
  pathForFile(file: unknown): string
}
