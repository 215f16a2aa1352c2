/**
 * Damaged model files: bad JSON, wrong format/version, broken architecture or normalization, missing or truncated
 * weights, shapes that don't match, a corrupt manifest, NaN weights. Each must give a clear `bad-model` (or
 * `not-found`) error from the engine's loader with no tensor leaked, and `cvdm predict --model <dir>` must exit
 * non-zero with that message (never a stack trace, never an output file).
 */
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, unlinkSync, writeFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createModel, initBackend, loadModel, saveModel, tf } from '../../src/core/engine'
import { TiffWriter } from '../../src/core/tiff'

const ROOT = path.resolve(__dirname, '..', '..')
let work: string
let good: string

type Damage = (dir: string) => void
const editJson = (f: (j: Record<string, unknown>) => void): Damage => (dir) => {
  const file = path.join(dir, 'model.json')
  const j = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  f(j)
  writeFileSync(file, JSON.stringify(j))
}
const weightsOf = (j: Record<string, unknown>) => j.weights as { name: string; shape: number[]; offset: number }[]

/** name → damage, expected code, message pattern. */
const CASES: [string, Damage, string, RegExp][] = [
  ['model.json is not JSON', (d) => writeFileSync(path.join(d, 'model.json'), '{"format": "cvdm-studio-model", '), 'bad-model', /not valid JSON/],
  ['model.json is empty', (d) => writeFileSync(path.join(d, 'model.json'), ''), 'bad-model', /not valid JSON/],
  ['model.json is a JSON array', (d) => writeFileSync(path.join(d, 'model.json'), '[1,2]'), 'bad-model', /Not a CVDM/],
  ['another format', editJson((j) => (j.format = 'keras')), 'bad-model', /Not a CVDM/],
  ['a newer format version', editJson((j) => (j.version = 99)), 'bad-model', /version 99.*update/],
  ['version is a string', editJson((j) => (j.version = '1')), 'bad-model', /version/],
  ['architecture is null', editJson((j) => (j.architecture = null)), 'bad-model', /architecture/],
  ['architecture widths not numbers', editJson((j) => ((j.architecture as { denoiser: { widths: unknown } }).denoiser.widths = ['a'])), 'bad-model', /widths/],
  ['architecture that does not match the weights', editJson((j) => ((j.architecture as { timeHidden: number }).timeHidden = 24)), 'bad-model', /shape|lacks/],
  ['normalization missing', editJson((j) => delete j.normalization), 'bad-model', /normalization/],
  ['normalization low ≥ high', editJson((j) => (j.normalization = { method: 'percentile', low: 99, high: 1 })), 'bad-model', /normalization.*low < high/],
  ['scale factor 0', editJson((j) => (j.scaleFactor = 0)), 'bad-model', /scaleFactor/],
  ['weights manifest missing', editJson((j) => delete j.weights), 'bad-model', /manifest is missing/],
  ['a weight with a negative dimension', editJson((j) => (weightsOf(j)[0].shape = [-1, 3])), 'bad-model', /malformed/],
  ['a weight listed twice', editJson((j) => weightsOf(j).splice(1, 0, weightsOf(j)[0])), 'bad-model', /starts at byte|twice/],
  ['overlapping weights (offset points into another)', editJson((j) => (weightsOf(j)[1].offset = 0)), 'bad-model', /starts at byte/],
  ['a weight the architecture lacks', editJson((j) => (weightsOf(j)[0].name = 'mystery/kernel')), 'bad-model', /lacks|mystery/],
  ['weights.bin missing', (d) => unlinkSync(path.join(d, 'weights.bin')), 'not-found', /Model weights not found/],
  ['model.json missing', (d) => unlinkSync(path.join(d, 'model.json')), 'not-found', /Model description not found/],
  ['weights.bin truncated', (d) => truncateSync(path.join(d, 'weights.bin'), 1000), 'bad-model', /truncated|outside/],
  ['weights.bin with 4 extra bytes', (d) => writeFileSync(path.join(d, 'weights.bin'), Buffer.concat([readFileSync(path.join(d, 'weights.bin')), Buffer.alloc(4)])), 'bad-model', /bytes, manifest describes/],
  ['weights.bin empty', (d) => writeFileSync(path.join(d, 'weights.bin'), ''), 'bad-model', /outside|truncated/],
  [
    'a NaN weight',
    (d) => {
      const file = path.join(d, 'weights.bin')
      const b = readFileSync(file)
      b.writeFloatLE(NaN, 40)
      writeFileSync(file, b)
    },
    'bad-model',
    /NaN or infinite/
  ],
  ['the model folder is a file', (d) => (rmSync(d, { recursive: true }), writeFileSync(d, 'x')), 'io-error', /Could not read/]
]

function damaged(name: string, damage: Damage): string {
  const dir = path.join(work, name.replace(/[^a-z0-9]+/gi, '-'))
  cpSync(good, dir, { recursive: true })
  damage(dir)
  return dir
}

beforeAll(async () => {
  await initBackend()
  work = mkdtempSync(path.join(os.tmpdir(), 'cvdm-model-files-'))
  good = path.join(work, 'good')
  const model = createModel('cvdm-xs', { seed: 5 })
  await saveModel(model, good)
  model.dispose()
  const writer = await TiffWriter.create(path.join(work, 'img.tif'), { width: 16, height: 16, dtype: 'uint16' })
  await writer.writePlane(Uint16Array.from({ length: 256 }, (_, i) => i))
  await writer.close()
})
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('damaged model files through the engine loader', () => {
  it('the undamaged model loads (the damage is what fails)', async () => {
    const { model } = await loadModel(good)
    model.dispose()
  })

  for (const [name, damage, code, message] of CASES) {
    it(`${name} → ${code}`, async () => {
      const dir = damaged(name, damage)
      const before = tf.memory().numTensors
      const error = await loadModel(dir).then(
        (m) => (m.model.dispose(), undefined),
        (e: unknown) => e
      )
      expect(error).toMatchObject({ code, message: expect.stringMatching(message) })
      expect(tf.memory().numTensors).toBe(before)
    })
  }
})

function predict(modelDir: string, out: string): Promise<{ code: number | null; text: string }> {
  const args = [path.join(ROOT, 'bin', 'cvdm.js'), 'predict', path.join(work, 'img.tif'), '-o', out, '--model', modelDir, '--steps', '2', '--samples', '1']
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, CVDM_HOME: path.join(work, 'home'), CVDM_WASM_THREADS: '1' } })
  let text = ''
  child.stdout.on('data', (d: Buffer) => (text += d.toString()))
  child.stderr.on('data', (d: Buffer) => (text += d.toString()))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, text })))
}

describe('damaged model files through `cvdm predict --model <dir>`', () => {
  const picked = ['model.json is not JSON', 'weights.bin truncated', 'a NaN weight', 'weights.bin missing']
  it(`${picked.join(', ')}: non-zero exit, the loader's message, no stack trace, no output`, async () => {
    const runs = await Promise.all(
      picked.map(async (name) => {
        const [, damage, code, message] = CASES.find((c) => c[0] === name)!
        const out = path.join(work, `out-${name.replace(/\W+/g, '-')}`)
        const run = await predict(damaged(`cli ${name}`, damage), out)
        return { name, expectedCode: code, message, out, code: run.code, text: run.text }
      })
    )
    for (const r of runs) {
      expect(r.code, `${r.name}: ${r.text}`).not.toBe(0)
      expect(r.text, r.name).toMatch(r.message)
      expect(r.text, r.name).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/)
      expect(existsSync(r.out) ? readdirSync(r.out).filter((n) => n.endsWith('.tif')) : [], r.name).toEqual([])
      console.log(`cvdm predict, ${r.name}: exit ${r.code}: ${r.text.trim().split('\n').pop()}`)
    }
  }, 120_000)
})
