import path from 'node:path'
import { appHome } from '../core/jobs'
import type { ModelDirs } from '../core/models'
import { PACKAGE_ROOT } from './app-identity'

export { appHome }

/** Where models are looked up: the user's folder first, then the shipped `resources/models`. */
export function modelDirs(): ModelDirs {
  return { builtIn: path.join(PACKAGE_ROOT, 'resources', 'models'), user: path.join(appHome(), 'models') }
}
