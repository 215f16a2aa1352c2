/**
 * Multi-threaded wasm in Node. tfjs-backend-wasm 4.22 never uses threads in Node: its
 * WASM_HAS_MULTITHREAD_SUPPORT flag returns false there (tfjs#3830), and its pthread worker is handed to
 * Emscripten as a `blob:` URL, which Node's worker_threads reject. The threaded build itself works in Node
 * (DESIGN.md §4: 1.4–1.9× with 2 threads, outputs bit-identical) when
 *   1. the threaded glue in the package's `wasm-out/` is loaded directly, with the pthread worker script
 *      (shipped as a string) written to a real file that `locateFile` returns,
 *   2. the thread count is set explicitly and the C++ cap of `logical cores / 2` is lifted (it gives 1 thread on
 *      2 cores): `os.cpus()` reports 2·threads while the module starts (see withReportedCores),
 *   3. the XNNPACK pool workers are `unref()`ed, so they don't keep the process alive.
 * This relies on tfjs 4.22 internals (glue layout, `module.tfjs` cwraps, `Module.PThread`): pinned and tested.
 */
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { env, engine, findBackendFactory, registerBackend, removeBackend, setBackend, type KernelBackend } from '@tensorflow/tfjs'

const nodeRequire = createRequire(__filename)
type WasmPackage = typeof import('@tensorflow/tfjs-backend-wasm')
/** The priority tfjs-backend-wasm registers 'wasm' with. */
const WASM_PRIORITY = 2

/** The minimal shape of the Emscripten module BackendWasm expects. */
interface EmscriptenModule {
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number
  tfjs?: Record<string, unknown>
  PThread?: { runningWorkers: { unref(): void }[]; unusedWorkers: { unref(): void }[] }
}

/** How the wasm backend ended up running. */
export interface WasmThreadsStatus {
  /** XNNPACK threads in use (1 = single-threaded build or fallback). */
  threads: number
  /** Why threads are 1 when more were asked for (absent when the request was met). */
  threadsReason?: string
}

function packageDir(): string {
  return path.dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json'))
}

/** Writes the pthread worker script to a content-addressed file in the temp dir (once) and returns its path. */
function workerScriptFile(dir: string): string {
  const source = path.join(dir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js')
  const { wasmWorkerContents } = nodeRequire(source) as { wasmWorkerContents: string }
  // The script is one line; its "\n" string escapes became real newlines in the template literal that ships it,
  // so escape them back, as tfjs's own init() does before making its Blob.
  const script = wasmWorkerContents.replace(/\n/g, '\\n')
  const hash = createHash('sha256').update(script).digest('hex').slice(0, 16)
  const file = path.join(os.tmpdir(), `cvdm-tfjs-wasm-worker-${hash}.cjs`)
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, script)
    fs.renameSync(tmp, file)
  }
  return file
}

/**
 * Runs `body` while `os.cpus()` reports 2·threads entries. The C++ side caps threads at
 * `emscripten_num_logical_cores() / 2` ("2 hyper-threads per core"), read once by a static constructor while
 * the module starts; in Node that function is `require("os").cpus().length`. Doubling it for the start-up only
 * lets the cap equal the thread count asked for.
 */
async function withReportedCores<T>(threads: number, body: () => Promise<T>): Promise<T> {
  const original = os.cpus
  const cpus = original()
  os.cpus = () => Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length])
  try {
    return await body()
  } finally {
    os.cpus = original
  }
}

/** Loads the threaded-SIMD Emscripten module with Node-friendly worker and binary locations. */
async function loadThreadedModule(dir: string, threads: number, timeoutMs: number): Promise<EmscriptenModule> {
  const glue = path.join(dir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js')
  const binary = path.join(dir, 'dist', 'tfjs-backend-wasm-threaded-simd.wasm')
  const worker = workerScriptFile(dir)
  const factory = nodeRequire(glue) as (config: object) => Promise<EmscriptenModule>
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`threaded wasm did not start within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    const config = {
      locateFile: (file: string, prefix: string) =>
        file.endsWith('.worker.js') ? worker : file.endsWith('.wasm') ? binary : prefix + file,
      mainScriptUrlOrBlob: glue
    }
    const module = await withReportedCores(threads, () => {
      const started = factory(config)
      started.catch(() => undefined) // a late failure after a timeout must not surface as an unhandled rejection
      return Promise.race([started, timeout])
    })
    // The same cwraps tfjs-backend-wasm's init() attaches (backend_wasm.js, 4.22).
    module.tfjs = {
      init: module.cwrap('init', null, []),
      initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: module.cwrap('get_threads_count', 'number', []),
      registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: module.cwrap('dispose_data', null, ['number']),
      dispose: module.cwrap('dispose', null, [])
    }
    return module
  } finally {
    clearTimeout(timer)
  }
}

/** Lets the process exit while XNNPACK's pool workers wait for work. */
function unrefWorkers(module: EmscriptenModule): void {
  for (const worker of [...(module.PThread?.runningWorkers ?? []), ...(module.PThread?.unusedWorkers ?? [])]) {
    worker.unref()
  }
}

/** How many XNNPACK threads to start, and why fewer than the cores when so. */
export interface WasmThreadsRequest {
  threads: number
  /** Why `threads` is 1 (reported as {@link WasmThreadsStatus.threadsReason}). */
  reason?: string
}

/**
 * Threads wanted: `CVDM_WASM_THREADS` if set (1 = off); else every logical core, unless the machine is already
 * busy. XNNPACK forks and joins its pool once per op, so when another job keeps the cores busy the pool waits for
 * descheduled workers at every op: measured here under load, 2 threads ran 1.9–4× *slower* than 1
 * (bench/RESULTS.md, 2026-11-26 06:02).
 * @param load - 1-minute load average (os.loadavg()[0]); busy means load ≥ cores − 0.5
 * @param cores - logical cores (os.availableParallelism())
 */
export function requestedWasmThreads(
  environment: NodeJS.ProcessEnv = process.env,
  load: number = os.loadavg()[0],
  cores: number = os.availableParallelism?.() ?? os.cpus().length
): WasmThreadsRequest {
  const fromEnv = Number.parseInt(environment.CVDM_WASM_THREADS ?? '', 10)
  if (Number.isFinite(fromEnv) && fromEnv >= 1) {
    return fromEnv === 1 ? { threads: 1, reason: 'threads off (CVDM_WASM_THREADS=1)' } : { threads: fromEnv }
  }
  if (cores < 2) return { threads: 1, reason: 'one logical core' }
  if (load >= cores - 0.5) {
    return { threads: 1, reason: `machine busy (load ${load.toFixed(1)} on ${cores} cores); set CVDM_WASM_THREADS to force` }
  }
  return { threads: cores }
}

/**
 * Registers (replacing the stock factory) and activates the 'wasm' backend with `threads` XNNPACK threads, or
 * the stock single-threaded backend when `threads` is 1 or the threaded build fails to start. Kernels stay the
 * ones registered for 'wasm' (stock + ours), so this composes with registerWasmTrainingKernels().
 * Only one wasm backend can live in a process (kernel setup binds module-level functions), so this removes any
 * existing one first: tensors on it are lost.
 * @param request - XNNPACK threads to ask for (≥ 1), with the reason when that is 1
 * @param timeoutMs - how long the threaded build may take to start before falling back
 * @returns the threads in use and, when fewer than asked, why
 * @throws Error when even the single-threaded backend can't start
 */
export async function activateWasmBackend(
  request: WasmThreadsRequest | number,
  timeoutMs = 10_000
): Promise<WasmThreadsStatus> {
  const { threads, reason: reasonForOne } = typeof request === 'number' ? { threads: request, reason: undefined } : request
  const wasm = nodeRequire('@tensorflow/tfjs-backend-wasm') as WasmPackage
  const dir = packageDir()
  wasm.setWasmPaths(path.join(dir, 'dist') + path.sep)
  const stockFactory = stockWasmFactory ?? findBackendFactory('wasm')
  stockWasmFactory ??= stockFactory
  let reason: string | undefined
  const simd = await env().getAsync('WASM_HAS_SIMD_SUPPORT')
  if (threads > 1 && !simd) {
    reason = 'no wasm SIMD (the threaded build needs it)'
  } else if (threads > 1) {
    try {
      env().set('WASM_HAS_MULTITHREAD_SUPPORT', true)
      wasm.setThreadsCount(threads)
      const module = await loadThreadedModule(dir, threads, timeoutMs)
      replaceWasmFactory(() => new wasm.BackendWasm(module as never))
      if (!(await setBackend('wasm'))) throw new Error('threaded wasm backend failed to initialize')
      unrefWorkers(module)
      const actual = wasm.getThreadsCount()
      return actual >= threads ? { threads: actual } : { threads: actual, threadsReason: `XNNPACK gave ${actual} threads` }
    } catch (error) {
      reason = `threaded wasm unavailable: ${(error as Error).message.split('\n')[0]}`
    }
  } else {
    reason = reasonForOne ?? 'threads off (1 requested)'
  }
  env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
  wasm.setThreadsCount(1)
  replaceWasmFactory(stockFactory)
  if (!(await setBackend('wasm'))) throw new Error('backend "wasm" failed to initialize')
  return { threads: 1, threadsReason: reason }
}

let stockWasmFactory: (() => KernelBackend | Promise<KernelBackend>) | undefined

function replaceWasmFactory(factory: (() => KernelBackend | Promise<KernelBackend>) | undefined): void {
  if (!factory) throw new Error('backend "wasm" did not register')
  if (engine().registryFactory.wasm) removeBackend('wasm')
  registerBackend('wasm', factory, WASM_PRIORITY)
}
