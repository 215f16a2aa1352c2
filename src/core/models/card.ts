/**
 * The model card (`card.json` beside model.json + weights.bin): what a model is for and where it came from. The
 * engine's model.json says how to run the model; the card says what it does (task, pixel size it was trained for),
 * its lineage and its validation metrics. A folder without a card gets one derived from model.json.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import type { ModelLineage, ModelTask } from '../../shared/models'

/** File name of the card inside a model folder. */
export const CARD_FILE = 'card.json'
/** Format tag and version of card.json; readers reject newer versions. */
export const CARD_FORMAT = 'cvdm-studio-card'
export const CARD_VERSION = 1

/** How a fine-tuning run produced the model (used to recognise a finished run when the same command is rerun). */
export interface CardTraining {
  /** Fingerprint of the run's data + settings. */
  fingerprint: string
  bestStep: number
  stoppedEarly: boolean
}

/** The contents of card.json. */
export interface ModelCard {
  format: typeof CARD_FORMAT
  version: number
  task: ModelTask
  /** Input pixel size the model was trained for (µm). */
  pixelSizeUm?: number
  description?: string
  lineage: ModelLineage
  /** Validation metrics by name (PSNR in dB, SSIM in [−1, 1], …). */
  metrics: Record<string, number>
  training?: CardTraining
}

const TASKS: readonly ModelTask[] = ['sr2x', 'denoise', 'custom']

/** A card for a model that has none: the task guessed from the scale factor (2 → sr2x, 1 → denoise). */
export function defaultCard(scaleFactor: number): ModelCard {
  const task: ModelTask = scaleFactor === 2 ? 'sr2x' : scaleFactor === 1 ? 'denoise' : 'custom'
  return { format: CARD_FORMAT, version: CARD_VERSION, task, lineage: {}, metrics: {} }
}

/**
 * Checks a parsed card.json and returns a clean copy.
 * @throws CodedError `bad-model` naming the offending field
 */
export function validateCard(input: unknown, where: string): ModelCard {
  const bad = (msg: string): never => {
    throw new CodedError('bad-model', `${where}: ${msg}`)
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) bad('card.json must hold a JSON object.')
  const c = input as Partial<ModelCard>
  if (c.format !== CARD_FORMAT) bad(`card.json has format "${String(c.format)}", expected "${CARD_FORMAT}".`)
  if (!Number.isInteger(c.version) || (c.version as number) < 1 || (c.version as number) > CARD_VERSION) {
    bad(`card.json version ${String(c.version)} is not supported (this app reads up to ${CARD_VERSION}); update CVDM Studio.`)
  }
  if (!TASKS.includes(c.task as ModelTask)) bad(`card.json task must be one of ${TASKS.join(', ')}.`)
  if (c.pixelSizeUm !== undefined && !(typeof c.pixelSizeUm === 'number' && c.pixelSizeUm > 0)) bad('card.json pixelSizeUm must be a positive number (µm).')
  if (c.description !== undefined && typeof c.description !== 'string') bad('card.json description must be text.')
  const lineage = c.lineage ?? {}
  if (typeof lineage !== 'object' || Array.isArray(lineage)) bad('card.json lineage must be an object.')
  const parent = lineage.parent
  if (parent !== undefined && !(typeof parent.id === 'string' && /^[0-9a-f]{64}$/.test(String(parent.sha256)))) {
    bad('card.json lineage.parent needs an id and a sha256 (64 hex digits).')
  }
  if (lineage.steps !== undefined && !(Number.isInteger(lineage.steps) && lineage.steps >= 0)) bad('card.json lineage.steps must be a whole number.')
  const metrics = c.metrics ?? {}
  if (typeof metrics !== 'object' || Array.isArray(metrics) || Object.values(metrics).some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    bad('card.json metrics must map names to finite numbers.')
  }
  return { ...(c as ModelCard), lineage: { ...lineage }, metrics: { ...metrics } }
}

/**
 * Reads a folder's card, or derives one when the folder has none.
 * @throws CodedError `bad-model` for an unreadable or invalid card
 */
export async function readCard(dir: string, scaleFactor: number): Promise<ModelCard> {
  let text: string
  try {
    text = await fs.readFile(path.join(dir, CARD_FILE), 'utf8')
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return defaultCard(scaleFactor)
    throw new CodedError('bad-model', `Could not read ${path.join(dir, CARD_FILE)}: ${(error as Error).message}`, { cause: error })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new CodedError('bad-model', `${path.join(dir, CARD_FILE)} is not valid JSON.`, { cause: error })
  }
  return validateCard(json, path.join(dir, CARD_FILE))
}
