import os from 'node:os'
import path from 'node:path'
import type { ModelDirs } from '../core/models'
import { PACKAGE_ROOT } from './app-identity'

/** The app's data folder: CVDM_HOME, else the OS convention (XDG on Linux, Application Support, %APPDATA%). */
export function appHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CVDM_HOME) return path.resolve(env.CVDM_HOME)
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'cvdm-studio')
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'cvdm-studio')
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'cvdm-studio')
}

/** Where models are looked up: the user's folder first, then the shipped `resources/models`. */
export function modelDirs(): ModelDirs {
  return { builtIn: path.join(PACKAGE_ROOT, 'resources', 'models'), user: path.join(appHome(), 'models') }
}
