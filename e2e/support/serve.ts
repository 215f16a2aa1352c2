import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'

/** A `cvdm serve` child process and the URL it printed. */
export interface ServedApp {
  url: string
  token: string
  port: number
  process: ChildProcess
  stop(): Promise<void>
}

/**
 * Starts `cvdm serve --port 0 --json` on the built renderer and waits for its URL line.
 * @param extraArgs - global options, placed before `serve` (e.g. `--backend cpu`)
 * @param env - extra environment variables
 * @param serveArgs - options of the serve command itself, placed after it (e.g. `--root <dir>`)
 */
export async function startServe(extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}, serveArgs: string[] = []): Promise<ServedApp> {
  const root = path.resolve(__dirname, '..', '..')
  // CVDM_E2E_RENDERER: serve a renderer built elsewhere (local runs while out/ is someone else's); CI uses out/renderer.
  const renderer = process.env.CVDM_E2E_RENDERER && !serveArgs.includes('--renderer') ? ['--renderer', process.env.CVDM_E2E_RENDERER] : []
  const child = spawn(process.execPath, [path.join(root, 'bin', 'cvdm.js'), ...extraArgs, 'serve', '--port', '0', '--json', ...serveArgs, ...renderer], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)))
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cvdm serve did not start in 30 s: ${stderr}`)), 30_000)
    createInterface({ input: child.stdout! }).once('line', (first) => {
      clearTimeout(timer)
      resolve(first)
    })
    child.once('exit', (code) => reject(new Error(`cvdm serve exited with ${code}: ${stderr}`)))
  })
  const { url, token, port } = JSON.parse(line) as { url: string; token: string; port: number }
  return {
    url,
    token,
    port,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
