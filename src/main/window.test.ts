import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({ app: { isPackaged: true }, BrowserWindow: class {}, shell: {} }))
const { secureWebPreferences, WINDOW_CSP, isOurUrl, rendererUrl } = await import('./window')

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
})
