/** Composition root of the Electron host: services, then IPC, then the window; disposal in reverse. */
import { app, BrowserWindow, ipcMain } from 'electron'
import { collectAppInfo, createInvokeHandlers } from '../core/system'
import { initBackend } from '../core/engine'
import { createSenderCheck, registerInvokeHandlers } from './ipc-registrar'
import { createMainWindow, isOurUrl } from './window'

const identity = { name: 'cvdm-studio', version: app.getVersion() }
const disposers: (() => void)[] = []

function onReady(): void {
  const handlers = createInvokeHandlers({ host: 'electron', identity, roots: [app.getPath('home')] })
  disposers.push(registerInvokeHandlers(ipcMain, handlers, createSenderCheck(BrowserWindow.fromWebContents, isOurUrl)))
  const window = createMainWindow()
  void initBackend().then((backend) => {
    if (!window.isDestroyed()) window.webContents.send('app:info-changed', collectAppInfo(identity, 'electron', backend))
  })
}

app.enableSandbox()
void app.whenReady().then(onReady)
app.on('window-all-closed', () => app.quit())
app.on('will-quit', () => disposers.reverse().forEach((dispose) => dispose()))
