/**
 * Helpers for the fault-injection tests: real TIFF inputs, a processor that copies each input through the real
 * TiffReader → TiffWriter path (the restore path's writer: temp file, fsync, rename), a queue on temp folders,
 * and file-system fault injection (an errno from FileHandle.write/sync, fs.promises.rename/open) switched on
 * only while one chosen file is in flight.
 */
import * as fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import * as os from 'node:os'
import * as path from 'node:path'
import { JobQueue, type FileProcessor } from '../../src/core/jobs'
import { TiffReader, TiffWriter } from '../../src/core/tiff'

/** Writes `count` 16×16 uint16 TIFFs `img<i>.tif` into `dir`. */
export async function writeTiffInputs(dir: string, count: number): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true })
  const out: string[] = []
  for (let f = 0; f < count; f++) {
    const file = path.join(dir, `img${f}.tif`)
    const writer = await TiffWriter.create(file, { width: 16, height: 16, dtype: 'uint16' })
    await writer.writePlane(Uint16Array.from({ length: 256 }, (_, i) => 100 + ((i * (f + 3)) % 700)))
    await writer.close()
    out.push(file)
  }
  return out
}

/** A processor that reads the input and writes it (×2) as float32 through TiffWriter; `onStart` runs first. */
export function copyProcessor(onStart: (input: string) => void | Promise<void> = () => undefined, after: (input: string) => void = () => undefined): FileProcessor {
  return async (task, ctx) => {
    await onStart(task.input)
    try {
      const reader = await TiffReader.open(task.input)
      try {
        const page = await reader.readPage(0)
        ctx.onProgress(0.5)
        const writer = await TiffWriter.create(task.outputs.main, { width: page.width, height: page.height, dtype: 'float32', overwrite: true })
        await writer.writePlane(Float32Array.from(page.data as Uint16Array, (v) => v * 2))
        await writer.close()
      } finally {
        await reader.close()
      }
      return { outputs: [task.outputs.main], timings: {} }
    } finally {
      after(task.input)
    }
  }
}

/** A queue over temp folders (`in/`, `out/`, `home/`); `cleanup()` disposes it and removes the folders. */
export function tempQueue(processor: FileProcessor, root = fs.mkdtempSync(path.join(os.tmpdir(), 'cvdm-faults-'))) {
  const dirs = { root, input: path.join(root, 'in'), output: path.join(root, 'out'), home: path.join(root, 'home') }
  const open = (p: FileProcessor = processor): JobQueue =>
    new JobQueue({ dir: dirs.home, processor: p, emit: () => undefined, runInfo: () => ({ backend: 'test', modelHash: 'h' }), pollMs: 10 })
  const request = () => ({ inputs: [dirs.input], outputDir: dirs.output, options: { modelId: 'm', steps: 2, samples: 1, sampler: 'fast' as const, seed: 0 } })
  return { ...dirs, open, request, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) }
}

/** Names in `dir` that are temp files (the writer's `.part`, the queue's `.cvdm-tmp`) or hidden. */
export function leftovers(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith('.') || n.endsWith('.part') || n.endsWith('.cvdm-tmp')) : []
}

/** Where a fault can be injected. */
export type FaultPoint = 'write' | 'sync' | 'rename' | 'open'

/**
 * Makes `point` fail with `errno` while `active(args)` is true (args: the call's arguments); returns the restore function.
 * FileHandle methods are patched on the prototype; fs.promises functions on the module, with the ESM named
 * exports synced so `import { rename } from 'node:fs/promises'` sees the patch too.
 */
export async function injectFault(point: FaultPoint, errno: string, active: (args: unknown[]) => boolean): Promise<() => void> {
  const fail = (what: string) => Object.assign(new Error(`${errno}: injected fault, ${what}`), { code: errno, errno: -28, syscall: what })
  if (point === 'write' || point === 'sync') {
    const probe = await fs.promises.open(os.devNull, 'r')
    const proto = Object.getPrototypeOf(probe) as Record<string, (...args: unknown[]) => Promise<unknown>>
    await probe.close()
    const original = proto[point]
    proto[point] = function (this: unknown, ...args: unknown[]) {
      return active(args) ? Promise.reject(fail(point)) : original.apply(this, args)
    }
    return () => void (proto[point] = original)
  }
  const promises = fs.promises as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
  const original = promises[point]
  promises[point] = function (...args: unknown[]) {
    return active(args) ? Promise.reject(fail(point)) : original.apply(fs.promises, args)
  }
  syncBuiltinESMExports()
  return () => {
    promises[point] = original
    syncBuiltinESMExports()
  }
}
