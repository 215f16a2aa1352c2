/**
 * The model registry with the real engine: list (shipped read-only + user), import/export round trip through a zip,
 * id clashes, and every kind of broken model refused with `bad-model` before anything lands in the user folder.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { zipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { createModel, initBackend, saveModel } from '../engine'
import { ModelRegistry } from './registry'

const SHIPPED = path.resolve(__dirname, '..', '..', '..', 'resources', 'models')
let work: string
let source: string

async function expectCode(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e
  )) as { code?: string; message?: string } | undefined
  expect(error, 'expected a failure').toBeDefined()
  expect(error?.code).toBe(code)
  if (message) expect(error?.message).toMatch(message)
}

/** A copy of the valid source model, broken by `edit`, under a new folder name. */
async function brokenCopy(name: string, edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(work, 'broken', name)
  await cp(source, dir, { recursive: true })
  await edit(dir)
  return dir
}

function registry(): ModelRegistry {
  return new ModelRegistry({ shippedDir: SHIPPED, userDir: path.join(work, 'user-models') })
}

beforeAll(async () => {
  await initBackend()
  work = mkdtempSync(path.join(os.tmpdir(), 'cvdm-registry-'))
  source = path.join(work, 'src', 'lab-model')
  const model = createModel('cvdm-xs', { seed: 3 })
  await saveModel(model, source)
  model.dispose()
})

describe('ModelRegistry', () => {
  it('lists the shipped default as read-only with its card, and refuses to remove it', async () => {
    const reg = registry()
    const all = await reg.list()
    const def = all.find((m) => m.id === 'default-sr2x')
    expect(def).toMatchObject({ readOnly: true, preset: 'cvdm-xs', task: 'sr2x', scaleFactor: 2, pixelSizeUm: 0.0626 })
    expect(def?.metrics.psnr).toBeGreaterThan(def?.metrics.bicubicPsnr ?? Infinity)
    expect(def?.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(all.map((m) => m.id)).toEqual([...all.map((m) => m.id)].sort())
    await expectCode(reg.remove('default-sr2x'), 'read-only')
    await expectCode(reg.get('no-such-model'), 'not-found')
    await expectCode(reg.get('../etc'), 'bad-request')
  })

  it('imports a folder, exports it as a zip, removes it and imports the zip back with the same hash', async () => {
    const reg = registry()
    const imported = await reg.importModel(source)
    expect(imported).toMatchObject({ id: 'lab-model', readOnly: false, task: 'sr2x', lineage: {}, metrics: {} })
    expect((await reg.list()).map((m) => m.id)).toContain('lab-model')
    await expectCode(reg.importModel(source), 'already-exists')

    const zip = await reg.exportModel('lab-model', path.join(work, 'exports'))
    expect(zip).toBe(path.join(work, 'exports', 'lab-model.zip'))
    expect(readdirSync(path.join(work, 'exports'))).toEqual(['lab-model.zip'])
    await reg.remove('lab-model')
    await expectCode(reg.get('lab-model'), 'not-found')

    const back = await reg.importModel(zip)
    expect(back.id).toBe('lab-model')
    expect(back.sha256).toBe(imported.sha256)
    expect(JSON.parse(readFileSync(path.join(back.path, 'card.json'), 'utf8'))).toMatchObject({ format: 'cvdm-studio-card', task: 'sr2x' })
    await reg.remove('lab-model')
  })

  it('exports a shipped model with a card and refuses to import it over the shipped id', async () => {
    const reg = registry()
    const zip = await reg.exportModel('default-sr2x', path.join(work, 'exports-shipped'))
    await expectCode(reg.importModel(zip), 'already-exists', /shipped/)
  })

  it('refuses broken models with bad-model and leaves nothing behind', async () => {
    const reg = registry()
    const cases: [string, (dir: string) => Promise<void>, RegExp][] = [
      ['truncated', async (d) => writeFile(path.join(d, 'weights.bin'), (await readFile(path.join(d, 'weights.bin'))).subarray(0, 1000)), /truncated|outside/],
      ['bad-json', async (d) => writeFile(path.join(d, 'model.json'), '{"format": "cvdm-studio-model", '), /not valid JSON/],
      [
        'wrong-shape',
        async (d) => {
          const json = JSON.parse(await readFile(path.join(d, 'model.json'), 'utf8'))
          const w = json.weights.find((e: { shape: number[] }) => e.shape.length === 4)
          w.shape = [w.shape[0], w.shape[1], w.shape[3], w.shape[2] + 1]
          await writeFile(path.join(d, 'model.json'), JSON.stringify(json))
        },
        /./
      ],
      [
        'future-version',
        async (d) => {
          const json = JSON.parse(await readFile(path.join(d, 'model.json'), 'utf8'))
          json.version = 99
          await writeFile(path.join(d, 'model.json'), JSON.stringify(json))
        },
        /version 99/
      ],
      ['no-weights', async (d) => rm(path.join(d, 'weights.bin')), /lacks its weights/],
      ['bad-card', async (d) => writeFile(path.join(d, 'card.json'), JSON.stringify({ format: 'cvdm-studio-card', version: 1, task: 'teleport' })), /task/]
    ]
    for (const [name, edit, message] of cases) {
      await expectCode(reg.importModel(await brokenCopy(name, edit)), 'bad-model', message)
    }
    expect(readdirSync(path.join(work, 'user-models'))).toEqual([])
  })

  it('refuses zips that would write outside the model folder (zip-slip) or are not zips', async () => {
    const reg = registry()
    const files = Object.fromEntries(['model.json', 'weights.bin'].map((n) => [n, new Uint8Array(readFileSync(path.join(source, n)))]))
    const evil = path.join(work, 'evil.zip')
    writeFileSync(evil, zipSync({ 'lab-model/model.json': files['model.json'], 'lab-model/weights.bin': files['weights.bin'], 'lab-model/../../escaped.txt': new Uint8Array([1]) }))
    await expectCode(reg.importModel(evil), 'bad-model', /refused entry/)
    const absolute = path.join(work, 'absolute.zip')
    writeFileSync(absolute, zipSync({ '/tmp/escaped.txt': new Uint8Array([1]) }))
    await expectCode(reg.importModel(absolute), 'bad-model', /refused entry/)
    const notZip = path.join(work, 'not-a.zip')
    await mkdir(path.dirname(notZip), { recursive: true })
    writeFileSync(notZip, 'hello')
    await expectCode(reg.importModel(notZip), 'bad-model', /not a readable zip/)
    expect(existsSync(path.join(work, 'escaped.txt'))).toBe(false)
    expect(readdirSync(path.join(work, 'user-models'))).toEqual([])
  })
})
