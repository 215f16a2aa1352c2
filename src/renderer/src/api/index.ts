/**
 * The only module in the renderer that knows which host it runs in (STYLE.md rule 33): Electron's preload
 * bridge (`window.api`) or the browser host's HTTP/WebSocket client. Stores import `api` from here.
 */
import type { AppApi } from '../../../shared/ipc/contract'
import type { DropBridge } from '../../../shared/ipc/drop'
import { createHttpApi, readToken } from './http-client'

/** Picks the transport: `window.api` when the preload exposed it, the HTTP client otherwise. */
export function pickApi(win: Window): AppApi {
  return win.api ?? createHttpApi(win.location.origin, readToken(win.location, win.sessionStorage))
}

/** The app's API, whichever host serves it. */
export const api: AppApi = pickApi(window)

/**
 * Local paths of files dropped onto the window: Electron's preload exposes them (`window.cvdmDrop`); the browser
 * host can't know a dropped file's path, so there it returns none (use the folder browser).
 */
export function droppedPaths(files: ArrayLike<File>, win: Window = window): string[] {
  const bridge = (win as Window & { cvdmDrop?: DropBridge }).cvdmDrop
  if (!bridge) return []
  return Array.from(files, (file) => bridge.pathForFile(file)).filter((p) => p.length > 0)
}
