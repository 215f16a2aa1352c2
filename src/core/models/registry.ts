/**
 * The model registry: shipped models (read-only, `resources/models/<id>`) and the user's models
 * (`<appHome>/models/<id>`), each one folder of model.json + weights.bin (engine format) + card.json (task, pixel
 * size, lineage, metrics). Imports validate everything with the engine's loader before anything is written, and
 * every write is a rename of a complete temporary sibling, so a crash never leaves a half model under a real id.
 */
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import type { ModelInfo } from '../../shared/models'
import { writeFileAtomic } from '../jobs'
import { CARD_FILE, type ModelCard, readCard } from './card'
import { hashModelDir } from './locate'
import { validateModelFolder } from './validate'
import { packModelZip, readModelZip } from './zip'

/** A model id: the folder name (letters, digits, `.`, `_`, `-`; starts with a letter or digit; ≤ 81 characters). */
export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,80}$/i

/**
 * Checks a model id.
 * @throws CodedError `bad-request`
 */
export function checkModelId(id: string): string {
  if (!MODEL_ID_PATTERN.test(id) || id.includes('..')) {
    throw new CodedError('bad-request', `"${id}" is not a valid model id (use letters, digits, ".", "_" and "-").`)
  }
  return id
}

const hidden = (name: string): boolean => name.startsWith('.')
const tag = (): string => `${process.pid}-${randomBytes(4).toString('hex')}`

/** Lists, imports, exports and removes models. Stateless: every call reads the folders afresh. */
export class ModelRegistry {
  /** Folder of the shipped, read-only models. */
  readonly shippedDir: string
  /** Folder of the user's models (created on first import). */
  readonly userDir: string

  /** @param options - the two model folders (absolute paths) */
  constructor(options: { shippedDir: string; userDir: string }) {
    this.shippedDir = path.resolve(options.shippedDir)
    this.userDir = path.resolve(options.userDir)
  }

  /** Every usable model, shipped and user, sorted by id; a user model shadows a shipped one of the same id. */
  async list(): Promise<ModelInfo[]> {
    const byId = new Map<string, ModelInfo>()
    for (const [dir, readOnly] of [[this.shippedDir, true], [this.userDir, false]] as const) {
      for (const id of await this.idsIn(dir)) {
        const info = await this.describe(path.join(dir, id), id, readOnly).catch(() => undefined)
        if (info) byId.set(id, info)
      }
    }
    return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  /**
   * One model by id.
   * @throws CodedError `bad-request` (invalid id), `not-found`, `bad-model` (folder exists but is broken)
   */
  async get(id: string): Promise<ModelInfo> {
    checkModelId(id)
    for (const [dir, readOnly] of [[this.userDir, false], [this.shippedDir, true]] as const) {
      const folder = path.join(dir, id)
      if (await exists(path.join(folder, 'model.json'))) return this.describe(folder, id, readOnly)
    }
    throw new CodedError('not-found', `No model "${id}" (looked in ${this.userDir} and ${this.shippedDir}).`)
  }

  /**
   * Imports a model folder or a `.zip` as a user model (id = folder name, or the zip's folder / file name).
   * @throws CodedError `bad-model` (anything invalid, zip-slip), `already-exists` (id taken), `bad-request`, `not-found`
   */
  async importModel(source: string): Promise<ModelInfo> {
    const src = path.resolve(source)
    const info = await fs.stat(src).catch(() => undefined)
    if (!info) throw new CodedError('not-found', `${src} does not exist.`)
    await fs.mkdir(this.userDir, { recursive: true })
    const staging = path.join(this.userDir, `.import-${tag()}`)
    try {
      let id: string
      if (info.isDirectory()) {
        id = path.basename(src)
        await fs.mkdir(staging)
        for (const entry of await fs.readdir(src, { withFileTypes: true })) {
          if (entry.isFile() && !hidden(entry.name)) await fs.copyFile(path.join(src, entry.name), path.join(staging, entry.name))
        }
      } else if (src.toLowerCase().endsWith('.zip')) {
        const unpacked = await readModelZip(src)
        id = unpacked.folder ?? path.basename(src).replace(/\.zip$/i, '')
        await fs.mkdir(staging)
        for (const [name, data] of unpacked.files) await fs.writeFile(path.join(staging, name), data)
      } else {
        throw new CodedError('bad-request', `${src} is neither a model folder nor a .zip file.`)
      }
      checkModelId(id)
      await this.assertFree(id)
      const { card } = await validateModelFolder(staging)
      if (!(await exists(path.join(staging, CARD_FILE)))) writeFileAtomic(path.join(staging, CARD_FILE), JSON.stringify(card, null, 1))
      const target = path.join(this.userDir, id)
      try {
        await fs.rename(staging, target)
      } catch (error) {
        const code = (error as { code?: string }).code
        if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new CodedError('already-exists', `A model "${id}" was added meanwhile.`)
        throw error
      }
      return this.describe(target, id, false)
    } finally {
      await fs.rm(staging, { recursive: true, force: true })
    }
  }

  /**
   * Writes `<folder>/<id>.zip` (temp file + fsync + rename) and returns its path.
   * @throws CodedError `not-found`, `io-error`
   */
  async exportModel(id: string, folder: string): Promise<string> {
    const model = await this.get(id)
    const out = path.join(path.resolve(folder), `${id}.zip`)
    const staging = path.join(this.userDir, `.export-${tag()}`)
    try {
      let dir = model.path
      if (!(await exists(path.join(dir, CARD_FILE)))) {
        // Shipped models may lack a card: the zip always carries one, so imports keep the metadata.
        await fs.mkdir(staging, { recursive: true })
        for (const name of await fs.readdir(dir)) await fs.copyFile(path.join(dir, name), path.join(staging, name))
        await fs.writeFile(path.join(staging, CARD_FILE), JSON.stringify(cardOf(model), null, 1))
        dir = staging
      }
      const bytes = await packModelZip(dir, id)
      await fs.mkdir(path.dirname(out), { recursive: true })
      writeFileAtomic(out, bytes)
      return out
    } catch (error) {
      if (error instanceof CodedError) throw error
      throw new CodedError('io-error', `Could not write ${out}: ${(error as Error).message}`, { cause: error })
    } finally {
      await fs.rm(staging, { recursive: true, force: true })
    }
  }

  /**
   * Deletes a user model (renamed away first, so a crash never leaves a half-deleted model under its id).
   * @throws CodedError `read-only` for shipped models, `not-found`
   */
  async remove(id: string): Promise<void> {
    const model = await this.get(id)
    if (model.readOnly) throw new CodedError('read-only', `"${id}" ships with CVDM Studio and cannot be removed.`)
    const trash = path.join(this.userDir, `.trash-${id}-${tag()}`)
    await fs.rename(model.path, trash)
    await fs.rm(trash, { recursive: true, force: true })
  }

  /**
   * The card of a model (derived from model.json when the folder has none).
   * @throws CodedError `not-found`, `bad-model`
   */
  async card(id: string): Promise<ModelCard> {
    const model = await this.get(id)
    return readCard(model.path, model.scaleFactor)
  }

  /** @throws CodedError `already-exists` when a shipped or user model has this id */
  async assertFree(id: string): Promise<void> {
    for (const dir of [this.shippedDir, this.userDir]) {
      if (await exists(path.join(dir, id))) {
        throw new CodedError('already-exists', `A model "${id}" already exists${dir === this.shippedDir ? ' (shipped with the app)' : ''}; choose another name or remove it first.`)
      }
    }
  }

  private async idsIn(dir: string): Promise<string[]> {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => [])
    return entries.filter((e) => e.isDirectory() && !hidden(e.name) && MODEL_ID_PATTERN.test(e.name)).map((e) => e.name)
  }

  private async describe(dir: string, id: string, readOnly: boolean): Promise<ModelInfo> {
    let json: { preset?: string; scaleFactor?: number }
    try {
      json = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8')) as typeof json
    } catch (error) {
      throw new CodedError('bad-model', `${path.join(dir, 'model.json')} is unreadable or not valid JSON.`, { cause: error })
    }
    const card: ModelCard = await readCard(dir, json.scaleFactor ?? 1)
    let sizeBytes = 0
    for (const name of await fs.readdir(dir)) sizeBytes += (await fs.stat(path.join(dir, name))).size
    return {
      id,
      readOnly,
      path: dir,
      sha256: await hashModelDir(dir).catch((error: unknown) => {
        throw new CodedError('bad-model', `Model "${id}" lacks its weights.`, { cause: error })
      }),
      sizeBytes,
      preset: String(json.preset ?? 'unknown'),
      task: card.task,
      scaleFactor: Number(json.scaleFactor ?? 1),
      ...(card.pixelSizeUm !== undefined ? { pixelSizeUm: card.pixelSizeUm } : {}),
      ...(card.description !== undefined ? { description: card.description } : {}),
      lineage: card.lineage,
      metrics: card.metrics
    }
  }
}

/** The card of a listed model (for zips of models that have none on disk). */
function cardOf(model: ModelInfo): ModelCard {
  return {
    format: 'cvdm-studio-card',
    version: 1,
    task: model.task,
    ...(model.pixelSizeUm !== undefined ? { pixelSizeUm: model.pixelSizeUm } : {}),
    ...(model.description !== undefined ? { description: model.description } : {}),
    lineage: model.lineage,
    metrics: model.metrics
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false
  )
}
