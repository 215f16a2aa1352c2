import { afterEach, describe, expect, it, vi } from 'vitest'
import { main } from './index'

function capture(): { out: () => string; err: () => string } {
  let out = ''
  let err = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true))
  return { out: () => out, err: () => err }
}

afterEach(() => vi.restoreAllMocks())

describe('cvdm CLI', () => {
  it('info --json prints valid JSON naming the active backend', async () => {
    const io = capture()
    expect(await main(['info', '--json'])).toBe(0)
    const info = JSON.parse(io.out())
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(info.backend.name)
    expect(info.name).toBe('cvdm-studio')
    expect(info.cpu.cores).toBeGreaterThan(0)
  })

  it('info prints a human table', async () => {
    const io = capture()
    expect(await main(['info'])).toBe(0)
    expect(io.out()).toMatch(/^backend\s+\S+/m)
  })

  it('exits 2 with a coded message for an unknown backend', async () => {
    const io = capture()
    expect(await main(['--backend', 'quantum', 'info'])).toBe(2)
    expect(io.err()).toContain('error [bad-request]')
  })

  it('exits 2 for an unknown command and documents exit codes in --help', async () => {
    const io = capture()
    expect(await main(['frobnicate'])).toBe(2)
    expect(await main(['--help'])).toBe(0)
    expect(io.out()).toContain('Exit codes:')
  })
})
