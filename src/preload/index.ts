/** Preload bridge: one method per contract message (STYLE.md rule 8), built from the contract's routes. */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { buildAppApi } from '../shared/ipc/build-api'
import type { EventChannel, EventMap, InvokeCall, InvokeChannel } from '../shared/ipc/contract'

const api = buildAppApi(
  <C extends InvokeChannel>(channel: C) =>
    ((...args: unknown[]) => ipcRenderer.invoke(channel, ...args)) as InvokeCall<C>,
  <C extends EventChannel>(channel: C) =>
    (listener: (...payload: EventMap[C]) => void): (() => void) => {
      const wrapped = (_event: IpcRendererEvent, ...payload: unknown[]): void => listener(...(payload as EventMap[C]))
      ipcRenderer.on(channel, wrapped)
      return () => void ipcRenderer.removeListener(channel, wrapped)
    }
)

contextBridge.exposeInMainWorld('api', api)
