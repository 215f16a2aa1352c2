import type { Command } from 'commander'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import type { FineTuneFinished } from '../../shared/finetune'
import { initBackend, resolveBackendRequest } from '../../core/engine'
import { FineTuneService, FINETUNE_DEFAULTS, trainSynthetic, type FineTuneOptions } from '../../core/training'
import { appHome, fineTuneHome, modelRegistry } from '../model-dirs'
import { createProgress } from '../progress'

interface TrainCliOptions {
  synthetic?: string
  pairs?: string[]
  from?: string
  arch: string
  method?: string
  steps?: string
  name?: string
  out?: string
  size: string
  batch?: string
  lr?: string
  crop?: string
  checkpointEvery?: string
  evalEvery?: string
  evalSteps?: string
  validation?: string
  seed?: string
  includeFlagged?: boolean
  resume?: boolean
  json?: boolean
}

const positive = (name: string, value: string): number => {
  const n = Number(value)
  if (!(n > 0) || !Number.isFinite(n)) throw new CodedError('bad-request', `${name} must be a positive number, got "${value}".`)
  return n
}
const int = (name: string, value: string | undefined): number | undefined => (value === undefined ? undefined : Math.round(positive(name, value)))

/** Registers `cvdm train`: resumable training on synthetic pairs (--synthetic) or fine-tuning on in-house pairs (--pairs). */
export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train on synthetic pairs (--synthetic) or fine-tune a model on your pairs (--pairs <lowDir> <highDir>); rerunning the same command resumes')
    .option('--synthetic <task>', 'train from scratch on the synthetic microscopy generator: sr2x | denoise')
    .option('--pairs <values...>', 'with --synthetic: number of synthetic pairs (64); otherwise: <lowDir> <highDir>, TIFFs matched by file name')
    .option('--from <model>', `fine-tuning: registered model to start from (default ${FINETUNE_DEFAULTS.baseModelId})`)
    .option('--arch <preset>', '--synthetic: cvdm-xs | cvdm-s', 'cvdm-xs')
    .option('--method <kind>', '--synthetic: diffusion (CVDM) | regression (the same U-Net trained with MSE, a CARE-like baseline)', 'diffusion')
    .option('--steps <n>', `total optimizer steps (synthetic 2000, fine-tuning ${FINETUNE_DEFAULTS.steps})`)
    .option('--name <id>', 'id of the new model', undefined)
    .option('--out <dir>', '--synthetic: folder that receives the model folder (default: your models folder)')
    .option('--size <px>', '--synthetic: side of each synthetic target image', '128')
    .option('--batch <n>', 'batch size (4)')
    .option('--lr <rate>', `Adam learning rate (synthetic 2e-4, fine-tuning ${FINETUNE_DEFAULTS.learningRate})`)
    .option('--crop <px>', 'fine-tuning: side of the random training crops (64, or the image size if smaller)')
    .option('--checkpoint-every <n>', `steps between checkpoints (synthetic 100, fine-tuning ${FINETUNE_DEFAULTS.checkpointEvery})`)
    .option('--eval-every <n>', `fine-tuning: steps between validation runs (${FINETUNE_DEFAULTS.evalEvery}); early stop after 5 without gain`)
    .option('--eval-steps <n>', 'fine-tuning: DDIM steps of the validation restores (8)')
    .option('--validation <fraction>', `fine-tuning: share of pairs held out for validation (${FINETUNE_DEFAULTS.validationFraction})`)
    .option('--seed <n>', 'fine-tuning: seed of the split, crops and noise (0)')
    .option('--include-flagged', 'fine-tuning: also train on pairs flagged as misregistered')
    .option('--resume', 'fine-tuning: fail unless there is an interrupted run of this name to continue')
    .option('--json', 'JSON lines (one per step and evaluation) instead of a progress bar')
    .action(async (o: TrainCliOptions) => {
      await initBackend(resolveBackendRequest(program.opts<{ backend?: string }>().backend))
      if (o.synthetic !== undefined) await trainOnSynthetic(o)
      else if (o.pairs && o.pairs.length === 2) await fineTune(o)
      else throw new CodedError('bad-request', 'Use --synthetic <task> or --pairs <lowDir> <highDir>.')
    })
}

async function trainOnSynthetic(o: TrainCliOptions): Promise<void> {
  if (o.synthetic !== 'sr2x' && o.synthetic !== 'denoise') throw new CodedError('bad-request', '--synthetic must be sr2x or denoise.')
  if (o.arch !== 'cvdm-xs' && o.arch !== 'cvdm-s') throw new CodedError('bad-request', '--arch must be cvdm-xs or cvdm-s.')
  if (o.method !== undefined && o.method !== 'diffusion' && o.method !== 'regression') throw new CodedError('bad-request', '--method must be diffusion or regression.')
  const name = o.name ?? 'my-model'
  if (!/^[a-z0-9][a-z0-9._-]{0,80}$/i.test(name)) throw new CodedError('bad-request', `--name "${name}" is not a valid model id.`)
  const steps = int('--steps', o.steps) ?? 2000
  const progress = createProgress(Boolean(o.json))
  const started = Date.now()
  const outDir = path.resolve(o.out ?? path.join(appHome(), 'models'), name)
  const result = await trainSynthetic({
    task: o.synthetic,
    preset: o.arch,
    method: o.method === 'regression' ? 'regression' : 'diffusion',
    steps,
    outDir,
    workDir: path.join(appHome(), 'training', name),
    pairs: int('--pairs', o.pairs?.[0]) ?? 64,
    size: Math.round(positive('--size', o.size)),
    batchSize: int('--batch', o.batch) ?? 4,
    learningRate: o.lr === undefined ? 2e-4 : positive('--lr', o.lr),
    checkpointEvery: int('--checkpoint-every', o.checkpointEvery) ?? 100,
    onStep: (log) => {
      if (o.json) progress.event({ event: 'step', ...log })
      else progress.update(`step ${log.step}/${steps} loss ${log.loss.toFixed(4)}`, log.step / steps, ((Date.now() - started) / log.step) * (steps - log.step) / 1000)
    }
  })
  progress.done()
  process.stdout.write(o.json ? JSON.stringify({ event: 'done', model: outDir, step: result.step }) + '\n' : `model written to ${outDir} (step ${result.step}); log: ${result.logFile}\n`)
}

async function fineTune(o: TrainCliOptions): Promise<void> {
  if (!o.name) throw new CodedError('bad-request', '--name <id> is required: the id of the fine-tuned model.')
  const [lowDir, highDir] = o.pairs as string[]
  const request: FineTuneOptions = {
    lowDir: path.resolve(lowDir),
    highDir: path.resolve(highDir),
    name: o.name,
    baseModelId: o.from,
    steps: int('--steps', o.steps),
    batchSize: int('--batch', o.batch),
    learningRate: o.lr === undefined ? undefined : positive('--lr', o.lr),
    cropSize: int('--crop', o.crop),
    checkpointEvery: int('--checkpoint-every', o.checkpointEvery),
    evalEvery: int('--eval-every', o.evalEvery),
    evalSampler: o.evalSteps === undefined ? undefined : { steps: int('--eval-steps', o.evalSteps) },
    validationFraction: o.validation === undefined ? undefined : positive('--validation', o.validation),
    seed: o.seed === undefined ? undefined : Math.round(Number(o.seed)),
    includeFlagged: o.includeFlagged,
    requireResume: o.resume
  }
  const progress = createProgress(Boolean(o.json))
  const service = new FineTuneService({ registry: modelRegistry(), workDir: fineTuneHome(), inWorker: false })
  let lastEval = ''
  const finished = await new Promise<FineTuneFinished>((resolve) => {
    const { runId } = service.start(request, {
      progress: (e) => {
        if (o.json) progress.event({ event: 'step', ...e })
        else progress.update(`step ${e.step}/${e.totalSteps} loss ${e.loss.toFixed(4)}${lastEval}`, e.step / e.totalSteps, e.etaMs === null ? undefined : e.etaMs / 1000)
      },
      eval: (e) => {
        lastEval = ` | val PSNR ${e.psnr.toFixed(2)} dB${e.best ? ' (best)' : ''}`
        progress.event({ event: 'eval', ...e })
      },
      finished: resolve
    })
    process.once('SIGINT', () => service.stop(runId))
  })
  progress.done()
  if (!finished.ok) throw new CodedError(finished.error.code, finished.error.message)
  const { runId: _runId, ...summary } = finished
  process.stdout.write(
    o.json
      ? JSON.stringify({ event: 'done', ...summary }) + '\n'
      : `registered model ${finished.modelId} (best at step ${finished.bestStep} of ${finished.steps}${finished.stoppedEarly ? ', stopped early' : ''})\n`
  )
}
