import { app, BrowserWindow, shell } from 'electron'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** Content-Security-Policy of the desktop window: only our own bundled code, no remote anything. */
export const WINDOW_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

/** Where the window's page comes from: the dev server (electron-vite dev) or the bundled file. */
export function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL
  if (dev && !app.isPackaged) return dev
  return pathToFileURL(path.join(__dirname, '../renderer/index.html')).href
}

/** True for URLs of our own UI (the bundled renderer or the dev server). */
export function isOurUrl(url: string): boolean {
  const base = rendererUrl().replace(/index\.html$/, '')
  return url.startsWith(base)
}

/** The window's web preferences: sandboxed, context-isolated, no Node, no remote content (Electron checklist). */
export function secureWebPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false
  }
}

/** The parts of `webContents` that {@link hardenContents} touches (a real WebContents in the app, a fake in tests). */
export type HardenableContents = Pick<Electron.WebContents, 'setWindowOpenHandler' | 'on'> & {
  session: {
    setPermissionRequestHandler: Electron.Session['setPermissionRequestHandler']
    setPermissionCheckHandler: Electron.Session['setPermissionCheckHandler']
    webRequest: Pick<Electron.WebRequest, 'onHeadersReceived'>
  }
}

/**
 * Electron security checklist on one page: every permission denied, the CSP header on every response, new windows
 * denied (https links go to the user's browser), navigation and redirects away from our own UI blocked.
 */
export function hardenContents(contents: HardenableContents): void {
  // No camera, microphone, notifications, geolocation…: the app needs none of them.
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  contents.session.setPermissionCheckHandler(() => false)
  contents.session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [WINDOW_CSP] } })
  })
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  const stayHome = (event: Electron.Event, url: string): void => {
    if (!isOurUrl(url)) event.preventDefault()
  }
  contents.on('will-navigate', stayHome)
  contents.on('will-redirect', stayHome)
}

/**
 * Creates the main window: sandboxed, context-isolated, no Node in the page, navigation and new windows blocked,
 * strict CSP on every response.
 */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'CVDM Studio',
    webPreferences: secureWebPreferences(path.join(__dirname, '../preload/index.cjs'))
  })
  hardenContents(window.webContents)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(rendererUrl())
  return window
}
