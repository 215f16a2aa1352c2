import * as fs from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { fnv1a32, inShard, parseShard, shardOf } from './shard'
import { runChild } from './testing/child-process'
import { checkOutputs, readLog, readState, tempFiles } from './testing/crash-checks'
import { tempWorkspace, writeInputs } from './testing/fixtures'

describe('shards', () => {
  it('hashes with FNV-1a (reference vectors) and parses i/n', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5)
    expect(fnv1a32('a')).toBe(0xe40c292c)
    expect(fnv1a32('foobar')).toBe(0xbf9cf968)
    expect(parseShard('2/10')).toEqual({ index: 2, count: 10 })
    for (const bad of ['10/10', '-1/3', '1/0', 'x', '1/2/3']) expect(() => parseShard(bad)).toThrow(/Bad shard/)
  })

  it('puts every path in exactly one shard, stable under added files and separators', () => {
    const rels = Array.from({ length: 500 }, (_, i) => `plate${i % 7}/well-${i}.tif`)
    const sizes = Array.from({ length: 10 }, (_, s) => rels.filter((r) => inShard(r, { index: s, count: 10 })).length)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(500)
    expect(Math.min(...sizes)).toBeGreaterThan(25)
    expect(shardOf('plate1\\well-8.tif', 10)).toBe(shardOf('plate1/well-8.tif', 10))
    expect(inShard('anything.tif', undefined)).toBe(true)
  })

  it('3 shards running concurrently (3 processes) on one folder do each file exactly once', async () => {
    const ws = tempWorkspace('cvdm-shards-')
    try {
      const inputs = writeInputs(ws.input, 24, 1024)
      const log = path.join(ws.root, 'processor.log')
      const base = { input: ws.input, output: ws.output, log, workMs: 30 }
      // Each cluster task has its own store (CVDM_HOME per array task, as in docs/slurm-batch.sbatch).
      const outs = await Promise.all([0, 1, 2].map((index) => runChild({ ...base, store: path.join(ws.home, `s${index}`), shard: { index, count: 3 } })))
      const ends = readLog(log).filter((e) => e.event === 'end')
      expect(ends.map((e) => e.input).sort()).toEqual(inputs.sort())
      expect(new Set(ends.map((e) => e.pid)).size).toBe(3)
      const { problems, byInput } = checkOutputs(ws.input, ws.output, new Set())
      expect(problems).toEqual([])
      expect([...byInput.values()].every((files) => files.length === 1)).toBe(true)
      expect(byInput.size).toBe(24)
      expect(tempFiles(ws.output, ws.home)).toEqual([])
      const ids = outs.map((o) => /^ready (\w+)$/m.exec(o)![1])
      expect(new Set(ids).size).toBe(3)
      for (const [i, id] of ids.entries()) {
        const job = readState(path.join(ws.home, `s${i}`)).jobs.get(id)!
        expect(job.files.every((f) => f.status === 'done' && shardOf(f.rel, 3) === i)).toBe(true)
        expect(fs.existsSync(path.join(ws.output, `cvdm-report-${id}.json`))).toBe(true)
      }
      // Concurrency, not turns: the processes' log lines interleave (run one after another they'd form 3 blocks).
      const pids = readLog(log).map((e) => e.pid)
      expect(pids.filter((p, i) => i > 0 && p !== pids[i - 1]).length).toBeGreaterThan(2)
    } finally {
      ws.cleanup()
    }
  }, 60_000)

  it('shards sharing one store take turns through the runner lock and still do each file once', async () => {
    const ws = tempWorkspace('cvdm-shards-shared-')
    try {
      const inputs = writeInputs(ws.input, 9, 512)
      const log = path.join(ws.root, 'processor.log')
      await Promise.all([0, 1, 2].map((index) => runChild({ store: ws.home, input: ws.input, output: ws.output, log, workMs: 10, shard: { index, count: 3 } })))
      const ends = readLog(log).filter((e) => e.event === 'end')
      expect(ends.map((e) => e.input).sort()).toEqual(inputs.sort())
      expect(readState(ws.home).jobs.size).toBe(3)
    } finally {
      ws.cleanup()
    }
  }, 60_000)
})
