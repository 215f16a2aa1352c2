import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { Command } from 'commander'
import { afterEach, describe, expect, it } from 'vitest'
import { toErrorInfo } from '../../shared/errors'
import { createTransformProcessor } from '../../core/jobs'
import { exitCodeFor } from '../exit-codes'
import { registerBatchCommand } from './batch'
import { registerJobsCommand } from './jobs'

const roots: string[] = []
afterEach(() => roots.splice(0).forEach((r) => fs.rmSync(r, { recursive: true, force: true })))

function setup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cvdm-cli-batch-'))
  roots.push(root)
  const input = path.join(root, 'in')
  fs.mkdirSync(input)
  for (const name of ['a.tif', 'b.tif', 'c.tif']) fs.writeFileSync(path.join(input, name), `pixels of ${name}`)
  let out = ''
  const cli = async (...argv: string[]): Promise<{ code: number; out: string }> => {
    out = ''
    const program = new Command('cvdm').option('--backend <name>').exitOverride()
    const deps = { storeDir: () => path.join(root, 'home'), stdout: (t: string) => void (out += t) }
    registerBatchCommand(program, { ...deps, stderr: deps.stdout, isTTY: false, processor: () => createTransformProcessor({ workMs: 5 }), defaultModelId: 'm0' })
    registerJobsCommand(program, deps)
    try {
      await program.parseAsync(argv, { from: 'user' })
      return { code: 0, out }
    } catch (error) {
      return { code: exitCodeFor(toErrorInfo(error).code), out }
    }
  }
  return { root, input, output: path.join(root, 'out'), cli }
}

describe('cvdm batch / cvdm jobs', () => {
  it('runs a folder, exits with the failure code, resumes the same job on re-run', async () => {
    const { input, output, cli } = setup()
    fs.writeFileSync(path.join(input, 'd.tif'), 'BAD file')
    const first = await cli('--backend', 'cpu', 'batch', input, '-o', output, '--steps', '3')
    expect(first.code).toBe(3)
    const id = /^job (\w+):/.exec(first.out)![1]
    expect(first.out).toContain('failed    d.tif [not-tiff]')
    expect(fs.readdirSync(output).sort()).toEqual(['a_cvdm.tif', 'b_cvdm.tif', 'c_cvdm.tif', `cvdm-report-${id}.json`, `cvdm-report-${id}.md`])
    expect(JSON.parse(fs.readFileSync(path.join(output, `cvdm-report-${id}.json`), 'utf8')).backend).toBe('cpu')
    fs.writeFileSync(path.join(input, 'd.tif'), 'fixed')
    const again = await cli('batch', input, '-o', output, '--steps', '3')
    expect(again.code).toBe(0)
    expect(again.out).toContain(`job ${id}: 4 file(s)`)
    expect(again.out).toMatch(/done\s+d\.tif/)
    expect(again.out).not.toMatch(/done\s+a\.tif/)
  })

  it('lists and controls jobs by id prefix; --no-wait only enqueues; --json prints events', async () => {
    const { input, output, cli } = setup()
    const queued = await cli('batch', input, '-o', output, '--no-wait', '--json')
    const { id } = JSON.parse(queued.out.trim().split('\n')[0])
    expect((await cli('jobs', 'pause', id.slice(0, 5))).out).toBe(`pause: ${id}\n`)
    const list = JSON.parse((await cli('jobs', 'list', '--json')).out)
    expect(list.map((j: { id: string; state: string }) => [j.id, j.state])).toEqual([[id, 'paused']])
    await cli('jobs', 'resume', id)
    const run = await cli('batch', input, '-o', output, '--json')
    expect(run.code).toBe(0)
    const events = run.out.trim().split('\n').map((l) => JSON.parse(l))
    expect(events.some((e) => e.event === 'jobs:progress')).toBe(true)
    expect((await cli('jobs', 'show', id)).out).toMatch(/done\s+a\.tif/)
    expect((await cli('jobs', 'cancel', 'zzzz')).code).toBe(3)
  })

  it('--shard i/n takes a stable slice; bad flags are usage errors', async () => {
    const { input, output, cli } = setup()
    const zero = await cli('batch', input, '-o', output, '--shard', '0/2')
    const one = await cli('batch', input, '-o', output, '--shard', '1/2')
    expect(zero.code + one.code).toBe(0)
    const count = (s: string): number => Number(/: (\d+) file/.exec(s)![1])
    expect(count(zero.out) + count(one.out)).toBe(3)
    expect(fs.readdirSync(output).filter((n) => n.endsWith('_cvdm.tif'))).toHaveLength(3)
    expect((await cli('batch', input, '-o', output, '--shard', '2/2')).code).toBe(2)
    expect((await cli('batch', input, '-o', output, '--on-exists', 'maybe')).code).toBe(2)
    expect((await cli('batch', input, '-o', output, '--steps', 'many')).code).toBe(2)
  })
})
