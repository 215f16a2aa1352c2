/**
 * A real file-transforming processor for tests and the bench (not a stub): reads the input, "works" in
 * small slices while checking the AbortSignal and reporting progress, and writes each output through a
 * temp file in several chunks (so a kill can land mid-write) followed by an atomic rename. Inputs that start
 * with `BAD` fail with `not-tiff`. Optionally logs `start|end <input> <pid>` lines for crash checks.
 */
import * as fs from 'node:fs'
import { createHash } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { CodedError } from '../../../shared/errors'
import { tempPathFor } from '../atomic'
import type { FileProcessor } from '../types'

/** Knobs of the test processor. */
export interface TransformProcessorOptions {
  /** Simulated compute per file in ms (default 40), spent in `sliceMs` slices (default 5). */
  workMs?: number
  sliceMs?: number
  /** Chunks each output is written in (default 4), with `writeDelayMs` (default 0: a yield) between chunks. */
  writeChunks?: number
  writeDelayMs?: number
  /** Append-only log of `start`/`end` events. */
  logFile?: string
}

/** The exact bytes the processor writes for `input` (`main`: bytes XOR 0x5a; `std`: reversed). */
export function expectedOutput(input: Buffer, kind: 'main' | 'std'): Buffer {
  const body = Buffer.from(input)
  if (kind === 'main') for (let i = 0; i < body.length; i++) body[i] ^= 0x5a
  else body.reverse()
  const sha = createHash('sha256').update(input).digest('hex')
  return Buffer.concat([Buffer.from(`CVDMTEST ${kind} ${sha} ${input.length}\n`), body, Buffer.from('\nEND\n')])
}

async function writeInChunks(finalPath: string, data: Buffer, chunks: number, pauseMs: number, signal: AbortSignal): Promise<void> {
  const tmp = tempPathFor(finalPath)
  const fd = fs.openSync(tmp, 'w')
  try {
    const size = Math.ceil(data.length / chunks)
    for (let off = 0; off < data.length; off += size) {
      fs.writeSync(fd, data, off, Math.min(size, data.length - off))
      await delay(pauseMs)
      signal.throwIfAborted()
    }
    fs.fsyncSync(fd)
  } catch (error) {
    fs.closeSync(fd)
    fs.rmSync(tmp, { force: true })
    throw error
  }
  fs.closeSync(fd)
  fs.renameSync(tmp, finalPath)
}

/** Creates the processor. */
export function createTransformProcessor(options: TransformProcessorOptions = {}): FileProcessor {
  const { workMs = 40, sliceMs = 5, writeChunks = 4, writeDelayMs = 0, logFile } = options
  const log = (event: string, input: string): void => {
    if (logFile) fs.appendFileSync(logFile, `${event} ${input} ${process.pid}\n`)
  }
  return async (task, { signal, onProgress }) => {
    const t0 = performance.now()
    log('start', task.input)
    const input = await fs.promises.readFile(task.input)
    if (input.subarray(0, 3).toString() === 'BAD') throw new CodedError('not-tiff', `${task.input} is not a TIFF (test marker).`)
    const t1 = performance.now()
    for (let spent = 0; spent < workMs; spent += sliceMs) {
      signal.throwIfAborted()
      onProgress(spent / workMs, 'sampling')
      await delay(Math.min(sliceMs, workMs - spent))
    }
    signal.throwIfAborted()
    const t2 = performance.now()
    await writeInChunks(task.outputs.main, expectedOutput(input, 'main'), writeChunks, writeDelayMs, signal)
    const written = [task.outputs.main]
    if (task.outputs.std) {
      await writeInChunks(task.outputs.std, expectedOutput(input, 'std'), writeChunks, writeDelayMs, signal)
      written.push(task.outputs.std)
    }
    onProgress(1)
    log('end', task.input)
    return { outputs: written, timings: { read: t1 - t0, compute: t2 - t1, write: performance.now() - t2 } }
  }
}
