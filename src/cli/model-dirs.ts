import path from 'node:path'
import { appHome } from '../core/jobs'
import { ModelRegistry, type ModelDirs } from '../core/models'
import { PACKAGE_ROOT } from './app-identity'

export { appHome }

/** Where models are looked up: the user's folder first, then the shipped `resources/models`. */
export function modelDirs(): ModelDirs {
  return { builtIn: path.join(PACKAGE_ROOT, 'resources', 'models'), user: path.join(appHome(), 'models') }
}

/** The model registry over the same folders as {@link modelDirs}. */
export function modelRegistry(): ModelRegistry {
  const dirs = modelDirs()
  return new ModelRegistry({ shippedDir: dirs.builtIn, userDir: dirs.user ?? path.join(appHome(), 'models') })
}

/** Where fine-tuning runs keep their checkpoints and logs (shared by `cvdm train --pairs` and the app). */
export function fineTuneHome(): string {
  return path.join(appHome(), 'finetune')
}
