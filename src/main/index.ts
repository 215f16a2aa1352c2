/** Composition root of the Electron host: services, then IPC, then the window; disposal in reverse. */
import { app, BrowserWindow, dialog, ipcMain } from 'electron'
import path from 'node:path'
import { appHome } from '../core/jobs'
import { collectAppInfo, createAppServices, createInvokeHandlers } from '../core/system'
import { initBackend } from '../core/engine'
import { createFolderPicker } from './dialogs'
import { createWindowEmitter } from './events'
import { createSenderCheck, registerInvokeHandlers } from './ipc-registrar'
import { createMainWindow, isOurUrl } from './window'

const identity = { name: 'cvdm-studio', version: app.getVersion() }
const disposers: (() => void | Promise<void>)[] = []
let mainWindow: BrowserWindow | undefined

/** The shipped models: next to the app's resources when packaged, in the source tree otherwise. */
function shippedModels(): string {
  return app.isPackaged ? path.join(process.resourcesPath, 'models') : path.join(app.getAppPath(), 'resources', 'models')
}

function onReady(): void {
  const emit = createWindowEmitter(() => BrowserWindow.getAllWindows(), isOurUrl)
  const home = appHome()
  const services = createAppServices({
    identity,
    home,
    modelDirs: { builtIn: shippedModels(), user: path.join(home, 'models') },
    emit,
    onError: (error) => console.error('jobs:', error)
  })
  disposers.push(() => services.dispose())
  const handlers = createInvokeHandlers({
    host: 'electron',
    identity,
    roots: [app.getPath('home')],
    appFolders: services.appFolders,
    services: services.services,
    emit,
    pickFolder: createFolderPicker(dialog, () => mainWindow)
  })
  disposers.push(registerInvokeHandlers(ipcMain, handlers, createSenderCheck(BrowserWindow.fromWebContents, isOurUrl)))
  const window = createMainWindow()
  mainWindow = window
  window.on('closed', () => (mainWindow = undefined))
  void initBackend().then((backend) => emit('app:info-changed', collectAppInfo(identity, 'electron', backend)))
}

app.enableSandbox()
void app.whenReady().then(onReady)
app.on('window-all-closed', () => app.quit())
app.on('will-quit', (event) => {
  if (disposers.length === 0) return
  event.preventDefault()
  const pending = disposers.reverse().splice(0)
  void pending.reduce<Promise<void>>((chain, dispose) => chain.then(() => dispose()), Promise.resolve()).finally(() => app.quit())
})
