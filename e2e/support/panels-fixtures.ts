/**
 * Data for the Batch / Fine-tune / Model manager e2e: a temporary app home (CVDM_HOME) holding a tiny cvdm-xs model
 * (one training step from random init: effectively random weights), three tiny TIFFs to restore, and low/high
 * pair folders to fine-tune on. Everything is made with the public `cvdm` CLI (synth, train), no network.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** Folders and ids the panels spec uses. */
export interface PanelsFixture {
  /** Temporary folder holding everything (remove it after the run). */
  dir: string
  /** CVDM_HOME for `cvdm serve`. */
  home: string
  /** The folder served as the only allowed root. */
  data: string
  batchIn: string
  batchOut: string
  low: string
  high: string
  /** Id of the tiny test model in the home's models folder. */
  modelId: string
}

const ROOT = path.resolve(__dirname, '..', '..')

function cvdm(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): void {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cvdm.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: timeoutMs
  })
  if (run.status !== 0) throw new Error(`cvdm ${args.join(' ')} failed (${run.status ?? run.signal}): ${run.stderr}`)
}

/**
 * Writes the fixture (≈ 20–60 s on 2 cores, mostly the one training step).
 * @param pairs - number of low/high pairs for fine-tuning (64² targets, 32² inputs)
 */
export function preparePanelsFixture(pairs = 6): PanelsFixture {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cvdm-panels-'))
  const home = path.join(dir, 'home')
  const data = path.join(dir, 'data')
  mkdirSync(home, { recursive: true })
  mkdirSync(path.join(data, 'restored'), { recursive: true })
  const env = { CVDM_HOME: home, CVDM_WASM_THREADS: '1' }
  const modelId = 'tiny-xs'
  // Three 16² inputs (sr2x → 32² outputs): the batch.
  cvdm(['synth', '--out', path.join(data, 'batch'), '--n', '3', '--size', '32', '--seed', '1'], env, 60_000)
  // Registered low/high pairs: the fine-tune data.
  cvdm(['synth', '--out', path.join(data, 'pairs'), '--n', String(pairs), '--size', '64', '--seed', '2'], env, 60_000)
  cvdm(
    ['train', '--synthetic', 'sr2x', '--arch', 'cvdm-xs', '--steps', '1', '--pairs', '2', '--size', '64', '--batch', '1', '--name', modelId],
    env,
    180_000
  )
  const batchIn = path.join(data, 'batch', 'input')
  if (readdirSync(batchIn).filter((f) => /\.tiff?$/i.test(f)).length !== 3) throw new Error(`expected 3 TIFFs in ${batchIn}`)
  return {
    dir,
    home,
    data,
    batchIn,
    batchOut: path.join(data, 'restored'),
    low: path.join(data, 'pairs', 'input'),
    high: path.join(data, 'pairs', 'target'),
    modelId
  }
}
