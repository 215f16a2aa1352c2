/** Preload bridge: one method per contract message (STYLE.md rule 8), built from the contract's routes. */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { buildAppApi } from '../shared/ipc/build-api'
import type { EventChannel, EventMap, InvokeCall, InvokeChannel } from '../shared/ipc/contract'
import type { DropBridge } from '../shared/ipc/drop'

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

/** Drag-and-drop: the sandboxed page can't see a dropped File's path; webUtils can (Electron ≥ 32). */
const drop: DropBridge = { pathForFile: (file) => webUtils.getPathForFile(file as File) }

contextBridge.exposeInMainWorld('api', api)
contextBridge.exposeInMainWorld('cvdmDrop', drop)
