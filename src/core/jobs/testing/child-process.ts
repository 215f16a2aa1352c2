/** Spawns the queue child (`queue-child.ts`) through tsx, as `bin/cvdm.js` runs the CLI, and waits on it. */
import { spawn, type ChildProcess } from 'node:child_process'
import * as path from 'node:path'
import type { ChildConfig } from './queue-child'

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..')
const CHILD = path.join(__dirname, 'queue-child.ts')

/** A running child with its stdout so far and a promise of its exit. */
export interface Child {
  proc: ChildProcess
  stdout: () => string
  stderr: () => string
  /** Resolves at the first `ready <id>` line (or undefined if the child exits first). */
  ready: Promise<string | undefined>
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts `node --require tsx/cjs queue-child.ts <config>`. */
export function spawnChild(config: ChildConfig): Child {
  const proc = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD, JSON.stringify(config)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  let onReady: (id: string | undefined) => void = () => undefined
  const ready = new Promise<string | undefined>((resolve) => (onReady = resolve))
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString()
    const m = /^ready (\w+)$/m.exec(out)
    if (m) onReady(m[1])
  })
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      onReady(undefined)
      resolve({ code, signal })
    })
  )
  return { proc, stdout: () => out, stderr: () => err, ready, exit }
}

/** Runs a child to completion; throws with its stderr unless it exits 0 within `timeoutMs`. */
export async function runChild(config: ChildConfig, timeoutMs = 30_000): Promise<string> {
  const child = spawnChild(config)
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), timeoutMs)
  const { code, signal } = await child.exit
  clearTimeout(timer)
  if (code !== 0) throw new Error(`child exited ${code ?? signal}: ${child.stderr()}`)
  return child.stdout()
}
