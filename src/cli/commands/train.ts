import type { Command } from 'commander'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import { initBackend, resolveBackendRequest } from '../../core/engine'
import { trainSynthetic } from '../../core/training'
import { appHome } from '../model-dirs'
import { createProgress } from '../progress'

interface TrainCliOptions {
  synthetic?: string
  arch: string
  steps: string
  name: string
  out?: string
  pairs: string
  size: string
  batch: string
  lr: string
  checkpointEvery: string
  json?: boolean
}

const positive = (name: string, value: string): number => {
  const n = Number(value)
  if (!(n > 0) || !Number.isFinite(n)) throw new CodedError('bad-request', `${name} must be a positive number, got "${value}".`)
  return n
}

/** Registers `cvdm train`: resumable training on synthetic pairs (in-house pairs come with fine-tuning jobs). */
export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train a model; rerunning the same command resumes from its last checkpoint')
    .requiredOption('--synthetic <task>', 'train on the synthetic microscopy generator: sr2x | denoise')
    .option('--arch <preset>', 'cvdm-xs | cvdm-s', 'cvdm-xs')
    .option('--steps <n>', 'total optimizer steps', '2000')
    .option('--name <id>', 'model id (folder name)', 'my-model')
    .option('--out <dir>', 'folder that receives the model folder (default: your models folder)')
    .option('--pairs <n>', 'synthetic training pairs', '64')
    .option('--size <px>', 'side of each synthetic target image', '128')
    .option('--batch <n>', 'batch size', '4')
    .option('--lr <rate>', 'Adam learning rate', '2e-4')
    .option('--checkpoint-every <n>', 'steps between checkpoints', '100')
    .option('--json', 'JSON lines (one per step) instead of a progress bar')
    .action(async (o: TrainCliOptions) => {
      if (o.synthetic !== 'sr2x' && o.synthetic !== 'denoise') throw new CodedError('bad-request', '--synthetic must be sr2x or denoise.')
      if (o.arch !== 'cvdm-xs' && o.arch !== 'cvdm-s') throw new CodedError('bad-request', '--arch must be cvdm-xs or cvdm-s.')
      if (!/^[a-z0-9][a-z0-9._-]{0,80}$/i.test(o.name)) throw new CodedError('bad-request', `--name "${o.name}" is not a valid model id.`)
      await initBackend(resolveBackendRequest(program.opts<{ backend?: string }>().backend))
      const steps = Math.round(positive('--steps', o.steps))
      const progress = createProgress(Boolean(o.json))
      const started = Date.now()
      const outDir = path.resolve(o.out ?? path.join(appHome(), 'models'), o.name)
      const result = await trainSynthetic({
        task: o.synthetic,
        preset: o.arch,
        steps,
        outDir,
        workDir: path.join(appHome(), 'training', o.name),
        pairs: Math.round(positive('--pairs', o.pairs)),
        size: Math.round(positive('--size', o.size)),
        batchSize: Math.round(positive('--batch', o.batch)),
        learningRate: positive('--lr', o.lr),
        checkpointEvery: Math.round(positive('--checkpoint-every', o.checkpointEvery)),
        onStep: (log) => {
          if (o.json) progress.event({ event: 'step', ...log })
          else progress.update(`step ${log.step}/${steps} loss ${log.loss.toFixed(4)}`, log.step / steps, ((Date.now() - started) / log.step) * (steps - log.step) / 1000)
        }
      })
      progress.done()
      process.stdout.write(o.json ? JSON.stringify({ event: 'done', model: outDir, step: result.step }) + '\n' : `model written to ${outDir} (step ${result.step}); log: ${result.logFile}\n`)
    })
}
