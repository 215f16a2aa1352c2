/**
 * Builds the domain services an app host (Electron, `cvdm serve`) offers the UI: restore runs and fine-tuning (each in
 * its engine worker), pair discovery, the model registry, the batch queue run in this process, and the previews folder the UI may open. Hosts own the returned `dispose`.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { EventSink } from '../../shared/ipc'
import { initBackend } from '../engine'
import { jobsHome } from '../jobs'
import { ModelRegistry, type ModelDirs } from '../models'
import { RestoreService } from '../restore'
import { discoverPairs, FineTuneService } from '../training'
import type { AppIdentity } from './app-info'
import { createQueueProcessor } from './job-processor'
import { startJobsHost } from './jobs-host'
import type { DomainServices } from './services'

/** What {@link createAppServices} needs. */
export interface AppServicesOptions {
  identity: AppIdentity
  /** The app data folder (see core/jobs `appHome`). */
  home: string
  modelDirs: Required<ModelDirs>
  emit: EventSink
  /** Run restores in the forked engine worker (default true; false runs them in this process). */
  inWorker?: boolean
  /** Unexpected failures of background loops (logged by the host). */
  onError?: (error: unknown) => void
}

/** The services, the app folders the UI may read, and the disposer (reverse order of creation). */
export interface AppServices {
  services: Partial<DomainServices>
  /** `<home>/previews`: where ROI previews and default restores go. */
  previewsDir: string
  appFolders: string[]
  dispose(): Promise<void>
}

/** Creates the app's services (the queue starts running at once). */
export function createAppServices(options: AppServicesOptions): AppServices {
  const previewsDir = path.join(options.home, 'previews')
  mkdirSync(previewsDir, { recursive: true })
  let backend = 'unknown'
  void initBackend().then((info) => (backend = info.name), () => undefined)
  const models = new ModelRegistry({ shippedDir: options.modelDirs.builtIn, userDir: options.modelDirs.user })
  const restore = new RestoreService({ modelDirs: options.modelDirs, previewsDir, app: options.identity, inWorker: options.inWorker })
  const finetune = new FineTuneService({ registry: models, workDir: path.join(options.home, 'finetune'), inWorker: options.inWorker })
  const queueProcessor = createQueueProcessor({ modelDirs: options.modelDirs, app: options.identity, inWorker: options.inWorker })
  const jobs = startJobsHost({
    dir: jobsHome(options.home),
    processor: queueProcessor.processor,
    runInfo: () => ({ backend }),
    emit: (channel, payload) => options.emit(channel, payload as never),
    onError: options.onError
  })
  return {
    services: { restore, models, finetune, discoverPairs: (low, high) => discoverPairs(low, high), jobs: jobs.queue, runInfo: () => ({ backend }) },
    previewsDir,
    appFolders: [previewsDir],
    dispose: async () => {
      await jobs.dispose()
      await queueProcessor.dispose()
      await restore.dispose()
      await finetune.dispose()
    }
  }
}
