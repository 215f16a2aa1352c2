/** Preload bridge: one method per contract message (STYLE.md rule 8), typed against the contract. */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { AppApi, EventChannel, EventMap, InvokeChannel, InvokeMap } from '../shared/ipc/contract'
import type { Result } from '../shared/result'

function invoke<C extends InvokeChannel>(channel: C) {
  return (...args: Parameters<InvokeMap[C]>) =>
    ipcRenderer.invoke(channel, ...args) as Promise<Result<Awaited<ReturnType<InvokeMap[C]>>>>
}

function subscribe<C extends EventChannel>(channel: C) {
  return (listener: (...payload: EventMap[C]) => void): (() => void) => {
    const wrapped = (_event: IpcRendererEvent, ...payload: unknown[]): void => listener(...(payload as EventMap[C]))
    ipcRenderer.on(channel, wrapped)
    return () => void ipcRenderer.removeListener(channel, wrapped)
  }
}

const api = {
  app: {
    getInfo: invoke('app:get-info'),
    onInfoChanged: subscribe('app:info-changed')
  }
} satisfies AppApi

contextBridge.exposeInMainWorld('api', api)
