/**
 * Data for the restore e2e: a temporary app home (CVDM_HOME) whose models folder holds a tiny random-weight model,
 * and the viewer's microscopy fixtures (an ImageJ 16-bit z-stack `stack.tif`, numpy + tifffile) to open.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writeMicroscopyFixtures } from './microscopy-fixtures'

/** Folders and ids the restore spec uses. */
export interface RestoreFixture {
  /** Temporary folder holding everything (remove it after the run). */
  dir: string
  /** CVDM_HOME for `cvdm serve`. */
  home: string
  /** The only allowed root. */
  data: string
  /** Name of the z-stack to open (inside `data`). */
  image: string
  modelId: string
}

const ROOT = path.resolve(__dirname, '..', '..')

function run(args: string[], env: NodeJS.ProcessEnv): void {
  const child = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 })
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed (${child.status ?? child.signal}): ${child.stderr}`)
}

/** Writes the fixture (a few seconds). */
export function prepareRestoreFixture(): RestoreFixture {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cvdm-restore-e2e-'))
  const home = path.join(dir, 'home')
  const data = path.join(dir, 'data')
  const modelId = 'tiny-random'
  mkdirSync(path.join(home, 'models'), { recursive: true })
  run(['--require', 'tsx/cjs', path.join(__dirname, 'make-tiny-model.ts'), path.join(home, 'models', modelId)], {})
  mkdirSync(data)
  writeMicroscopyFixtures(data)
  return { dir, home, data, image: 'stack.tif', modelId }
}
