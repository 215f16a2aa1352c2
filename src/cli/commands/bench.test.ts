import { Command } from 'commander'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CodedError } from '../../shared/errors'
import { parseBenchEngineOptions, registerBenchCommand } from './bench'

afterEach(() => vi.restoreAllMocks())

describe('cvdm bench engine', () => {
  it('prints one JSON object per case with positive timings, including the two reference cases', async () => {
    const out: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true))
    const program = new Command('cvdm').option('--backend <name>').exitOverride()
    registerBenchCommand(program)
    await program.parseAsync(['bench', 'engine', '--preset', 'cvdm-xs', '--size', '32', '--reps', '1', '--json'], { from: 'user' })
    const rows = out.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['preset', 'size', 'batch', 'backend', 'op', 'ms_median', 'gflops']))
      expect(r.preset).toBe('cvdm-xs')
      expect(['forward', 'sample-step', 'train-step']).toContain(r.op)
      expect(r.ms_median as number).toBeGreaterThan(0)
      expect(r.gflops as number).toBeGreaterThan(0)
      expect(r.leaked_tensors).toBe(0)
    }
    const has = (op: string, size: number, batch: number): boolean => rows.some((r) => r.op === op && r.size === size && r.batch === batch)
    expect(has('sample-step', 128, 1)).toBe(true)
    expect(has('train-step', 64, 4)).toBe(true)
    expect(has('forward', 32, 1)).toBe(true)
    // the training step does more work than a forward pass at a quarter of the pixels
    const gflop = (op: string, size: number): number => rows.find((r) => r.op === op && r.size === size)?.gflop as number
    expect(gflop('train-step', 64)).toBeGreaterThan(gflop('forward', 32) * 4)
  }, 120_000)

  it('rejects bad options with bad-request', () => {
    const base = { preset: 'cvdm-s', size: '128', reps: '5' }
    expect(parseBenchEngineOptions(base)).toEqual({ preset: 'cvdm-s', size: 128, reps: 5, json: false })
    expect(() => parseBenchEngineOptions({ ...base, preset: 'huge' })).toThrow(CodedError)
    expect(() => parseBenchEngineOptions({ ...base, size: '12.5' })).toThrow(/--size/)
    expect(() => parseBenchEngineOptions({ ...base, reps: '0' })).toThrow(/--reps/)
  })
})
