import { describe, expect, it, vi } from 'vitest'

const openExternal = vi.fn(async () => undefined)
vi.mock('electron', () => ({ app: { isPackaged: true }, BrowserWindow: class {}, shell: { openExternal } }))
import type { HardenableContents } from './window'
const { secureWebPreferences, WINDOW_CSP, isOurUrl, rendererUrl, hardenContents } = await import('./window')

type Fn = (...args: any) => any // eslint-disable-line @typescript-eslint/no-explicit-any -- handlers of many shapes

/** A fake webContents that records what hardenContents installs. */
function fakeContents() {
  const h: Record<string, Fn> = {}
  const contents = {
    session: {
      setPermissionRequestHandler: (f: Fn) => (h.permission = f),
      setPermissionCheckHandler: (f: Fn) => (h.check = f),
      webRequest: { onHeadersReceived: (f: Fn) => (h.headers = f) }
    },
    setWindowOpenHandler: (f: Fn) => (h.open = f),
    on: (name: string, f: Fn) => (h[name] = f)
  }
  hardenContents(contents as unknown as HardenableContents)
  return h
}

describe('Electron window hardening', () => {
  it('runs the page sandboxed and context-isolated, without Node', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false
    })
  })

  it('has a CSP that allows only our own code', () => {
    expect(WINDOW_CSP).toContain("default-src 'self'")
    expect(WINDOW_CSP).toContain("object-src 'none'")
    expect(WINDOW_CSP).not.toMatch(/'unsafe-eval'|https?:|\*/)
  })

  it('treats only our bundled UI as ours', () => {
    expect(rendererUrl()).toMatch(/^file:.*renderer\/index\.html$/)
    expect(isOurUrl(rendererUrl())).toBe(true)
    expect(isOurUrl('https://example.com/')).toBe(false)
    expect(isOurUrl('file:///etc/passwd')).toBe(false)
  })

  it('denies every permission request and check', () => {
    const h = fakeContents()
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn()
      h.permission({}, permission, callback)
      expect(callback).toHaveBeenCalledWith(false)
    }
    expect(h.check({}, 'media')).toBe(false)
  })

  it('puts the CSP header on every response, replacing none of the others', () => {
    const h = fakeContents()
    const callback = vi.fn()
    h.headers({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': ['default-src *'] } }, callback)
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [WINDOW_CSP] } })
  })

  it('opens no new windows; https links go to the browser, anything else nowhere', () => {
    const h = fakeContents()
    openExternal.mockClear()
    expect(h.open({ url: 'https://bioimage.io/' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://bioimage.io/')
    expect(h.open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(h.open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('blocks navigation and redirects away from our UI, allows our own pages', () => {
    const h = fakeContents()
    for (const name of ['will-navigate', 'will-redirect']) {
      const away = { preventDefault: vi.fn() }
      h[name](away, 'https://evil.example/')
      expect(away.preventDefault).toHaveBeenCalled()
      const home = { preventDefault: vi.fn() }
      h[name](home, rendererUrl())
      expect(home.preventDefault).not.toHaveBeenCalled()
    }
  })
})
