import type { IpcMainInvokeEvent, WebContents } from 'electron'
import { describe, expect, it } from 'vitest'
import type { AppInfo } from '../shared/app-info'
import { INVOKE_CHANNELS, type InvokeHandlers } from '../shared/ipc'
import { handlersWith } from '../shared/ipc/handler-stubs'
import { createSenderCheck, registerInvokeHandlers, type IpcMainLike } from './ipc-registrar'

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>

function fakeIpc(): IpcMainLike & { listeners: Map<string, Listener>; removed: string[] } {
  const listeners = new Map<string, Listener>()
  const removed: string[] = []
  return {
    listeners,
    removed,
    handle: (channel, listener) => void listeners.set(channel, listener),
    removeHandler: (channel) => {
      removed.push(channel)
      listeners.delete(channel)
    }
  }
}

const sender = (url: string, known = true): WebContents => ({ getURL: () => url, known }) as unknown as WebContents
const eventFrom = (contents: WebContents): IpcMainInvokeEvent => ({ sender: contents }) as IpcMainInvokeEvent
const unused = (): never => {
  throw new Error('not called in these tests')
}
const handlers: InvokeHandlers = handlersWith({ 'app:get-info': () => ({ name: 'x' }) as AppInfo, 'files:list-dir': unused })
const check = createSenderCheck(
  (contents) => ((contents as unknown as { known: boolean }).known ? ({} as Electron.BrowserWindow) : null),
  (url) => url.startsWith('file:///app/')
)

describe('IPC registrar', () => {
  it('registers every contract channel, replacing earlier handlers, and disposes them', () => {
    const ipc = fakeIpc()
    const dispose = registerInvokeHandlers(ipc, handlers, check)
    expect([...ipc.listeners.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())
    expect(ipc.removed).toEqual(INVOKE_CHANNELS)
    dispose()
    expect(ipc.listeners.size).toBe(0)
  })

  it('returns Results: value for our window, forbidden-sender for others, bad-request for bad args', async () => {
    const ipc = fakeIpc()
    registerInvokeHandlers(ipc, handlers, check)
    const call = ipc.listeners.get('app:get-info')!
    expect(await call(eventFrom(sender('file:///app/index.html')))).toEqual({ ok: true, value: { name: 'x' } })
    expect(await call(eventFrom(sender('https://evil.example/')))).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } })
    expect(await call(eventFrom(sender('file:///app/index.html', false)))).toMatchObject({ error: { code: 'forbidden-sender' } })
    expect(await call(eventFrom(sender('file:///app/index.html')), 'extra')).toMatchObject({ error: { code: 'bad-request' } })
  })

  it('validates the new channels before calling their handlers', async () => {
    const ipc = fakeIpc()
    const start = (request: unknown) => ({ runId: String((request as { input: string }).input) })
    registerInvokeHandlers(ipc, handlersWith({ 'restore:start': start }), check)
    const ours = eventFrom(sender('file:///app/index.html'))
    expect(await ipc.listeners.get('restore:start')!(ours, { input: '/d/a.tif', steps: 2 })).toEqual({ ok: true, value: { runId: '/d/a.tif' } })
    expect(await ipc.listeners.get('restore:start')!(ours, { input: '/d/a.tif', steps: -2 })).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    expect(await ipc.listeners.get('jobs:control')!(ours, 'job', 'explode')).toMatchObject({ error: { code: 'bad-request' } })
    expect(await ipc.listeners.get('models:list')!(ours)).toMatchObject({ error: { code: 'internal' } })
  })
})
