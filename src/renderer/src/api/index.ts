/**
 * The only module in the renderer that knows which host it runs in (STYLE.md rule 33): Electron's preload
 * bridge (`window.api`) or the browser host's HTTP/WebSocket client. Stores import `api` from here.
 */
import type { AppApi } from '../../../shared/ipc/contract'
import { createHttpApi, readToken } from './http-client'

/** Picks the transport: `window.api` when the preload exposed it, the HTTP client otherwise. */
export function pickApi(win: Window): AppApi {
  return win.api ?? createHttpApi(win.location.origin, readToken(win.location, win.sessionStorage))
}

/** The app's API, whichever host serves it. */
export const api: AppApi = pickApi(window)
