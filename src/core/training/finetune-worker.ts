/**
 * Entry of the fine-tuning engine process (forked by {@link FineTuneService} with `inWorker`): one method,
 * `finetune`, which runs {@link runFineTune} and streams its progress and evaluations back. The parent's cancel
 * message means "stop": finish with the best weights so far.
 */
import { initBackend } from '../engine'
import { ModelRegistry } from '../models'
import { processPort, serveWorker } from '../worker'
import { runFineTune } from './finetune-run'
import type { FineTuneWorkerArgs } from './finetune-service'

serveWorker(processPort(), {
  finetune: async ([raw], context) => {
    const args = raw as FineTuneWorkerArgs
    await initBackend()
    const registry = new ModelRegistry({ shippedDir: args.shippedDir, userDir: args.userDir })
    return runFineTune(args.runId, args.options, registry, args.workDir, {
      stopSignal: context.signal,
      onProgress: (e) => context.onProgress({ kind: 'progress', event: e }),
      onEval: (e) => context.onProgress({ kind: 'eval', event: e })
    })
  }
})
