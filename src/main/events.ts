import type { EventSink } from '../shared/ipc'

/** The slice of a BrowserWindow the event forwarder needs (injectable for tests). */
export interface WindowLike {
  isDestroyed(): boolean
  webContents: { getURL(): string; send(channel: string, ...args: unknown[]): void }
}

/**
 * Forwards service events (`restore:*`, `jobs:*`, `finetune:*`, `app:info-changed`) to our windows: every open
 * window that shows our own UI (there is one main window; a window that navigated away gets nothing).
 */
export function createWindowEmitter(windows: () => WindowLike[], isOurUrl: (url: string) => boolean): EventSink {
  return (channel, ...payload) => {
    for (const window of windows()) {
      if (window.isDestroyed() || !isOurUrl(window.webContents.getURL())) continue
      window.webContents.send(channel, ...payload)
    }
  }
}
