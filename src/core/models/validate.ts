/**
 * Full validation of a model folder before it enters the registry: model.json parses, has the engine's format and a
 * supported version, and the weights load with the engine's own loader (which checks the architecture, every
 * weight's shape and the weights file's size); card.json, when present, follows its schema.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import { initBackend, loadModel, MODEL_FILES, type ModelFileJson } from '../engine'
import { type ModelCard, readCard } from './card'

/** What a valid model folder holds. */
export interface ValidatedModel {
  json: ModelFileJson
  card: ModelCard
}

async function mustExist(file: string, what: string): Promise<void> {
  const info = await fs.stat(file).catch(() => undefined)
  if (!info?.isFile()) throw new CodedError('bad-model', `The model folder lacks ${what} (${path.basename(file)}).`)
}

/**
 * Validates a model folder by loading it with the engine (the model is built and disposed again).
 * @throws CodedError `bad-model` with a message naming the broken file and what is wrong with it
 */
export async function validateModelFolder(dir: string): Promise<ValidatedModel> {
  const jsonFile = path.join(dir, MODEL_FILES.json)
  await mustExist(jsonFile, 'its description')
  await mustExist(path.join(dir, MODEL_FILES.weights), 'its weights')
  let json: ModelFileJson
  try {
    json = JSON.parse(await fs.readFile(jsonFile, 'utf8')) as ModelFileJson
  } catch (error) {
    throw new CodedError('bad-model', `${jsonFile} is not valid JSON: the model file is corrupt.`, { cause: error })
  }
  await initBackend()
  try {
    const { model } = await loadModel(dir)
    model.dispose()
  } catch (error) {
    if (error instanceof CodedError && error.code === 'bad-model') throw error
    throw new CodedError('bad-model', `The model in ${dir} could not be loaded: ${(error as Error).message}`, { cause: error })
  }
  return { json, card: await readCard(dir, json.scaleFactor) }
}
