import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { JournalTail, JournalWriter, parseLines } from './journal'
import { replay, snapshotRecords, type JournalRecord } from './records'
import { JobStore } from './store'
import { tempWorkspace } from './testing/fixtures'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function tmpFile(): string {
  const ws = tempWorkspace()
  cleanups.push(ws.cleanup)
  return path.join(ws.home, 'journal.jsonl')
}

describe('journal', () => {
  it('reads complete lines and leaves out a torn last line', () => {
    const read = parseLines<{ n: number }>(Buffer.from('{"n":1}\n{"n":2}\n{"n":'))
    expect(read.records).toEqual([{ n: 1 }, { n: 2 }])
    expect(read.end).toBe(16)
  })

  it('cuts a torn tail on open so the next append starts a clean line', () => {
    const file = tmpFile()
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, '{"n":1}\n{"n":2,"x":"trunc')
    const w = new JournalWriter<{ n: number }>(file)
    expect(w.open()).toEqual([{ n: 1 }])
    w.append([{ n: 3 }])
    w.close()
    expect(fs.readFileSync(file, 'utf8')).toBe('{"n":1}\n{"n":3}\n')
  })

  it('a tail follows appends and starts over after a compaction', () => {
    const file = tmpFile()
    const w = new JournalWriter<{ n: number }>(file)
    w.open()
    const tail = new JournalTail<{ n: number }>(file)
    w.append([{ n: 1 }, { n: 2 }])
    expect(tail.poll()).toEqual({ reset: true, records: [{ n: 1 }, { n: 2 }] })
    w.append([{ n: 3 }])
    expect(tail.poll()).toEqual({ reset: false, records: [{ n: 3 }] })
    expect(tail.poll().records).toEqual([])
    w.compact([{ n: 9 }])
    expect(tail.poll()).toEqual({ reset: true, records: [{ n: 9 }] })
    w.close()
  })

  it('store: compaction keeps the state, applies inbox commands once, requeues interrupted files', () => {
    const file = tmpFile()
    const dir = path.dirname(file)
    const store = new JobStore(dir, 5)
    store.openForWrite(1)
    const spec = { inputRoot: '/in', outputDir: '/out', options: { modelId: 'm', steps: 1, samples: 1, sampler: 'fast' as const, seed: 0 }, onExists: 'skip' as const }
    const files = ['a', 'b', 'c'].map((n) => ({ rel: `${n}.tif`, input: `/in/${n}.tif`, outputs: { main: `/out/${n}_cvdm.tif` } }))
    store.submit({ c: 'enqueue', id: 'j1', spec, files, at: 2 })
    for (let i = 0; i < 3; i++) store.commit([{ k: 'file', id: 'j1', i, s: 'running', at: 3 }, { k: 'file', id: 'j1', i, s: 'done', at: 4, written: [] }])
    store.commit([{ k: 'retry', id: 'j1', at: 5 }, { k: 'file', id: 'j1', i: 1, s: 'running', at: 6 }])
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').length
    expect(lines).toBeLessThan(8)
    const before = structuredClone(store.state)
    store.closeWrite()
    expect(replay(parseLines<JournalRecord>(fs.readFileSync(file)).records)).toEqual(before)

    const reader = new JobStore(dir)
    reader.submit({ c: 'pause', id: 'j1', at: 7 })
    const inbox = fs.readdirSync(path.join(dir, 'inbox'))
    const command = fs.readFileSync(path.join(dir, 'inbox', inbox[0]))
    const writer = new JobStore(dir)
    writer.openForWrite(8)
    expect(writer.state.jobs.get('j1')!.files[1]).toMatchObject({ status: 'queued', reason: 'interrupted', attempts: 2 })
    expect(writer.ingestInbox()).toEqual(['j1'])
    expect(writer.state.jobs.get('j1')!.control).toBe('paused')
    expect(fs.readdirSync(path.join(dir, 'inbox'))).toEqual([])
    // A crash between journaling a command and deleting its file: the command is seen again, applied once.
    writer.commit([{ k: 'control', id: 'j1', control: 'active', at: 9 }])
    fs.writeFileSync(path.join(dir, 'inbox', inbox[0]), command)
    expect(writer.ingestInbox()).toEqual([])
    expect(writer.state.jobs.get('j1')!.control).toBe('active')
    writer.closeWrite()
    expect(snapshotRecords(writer.state)[0]).toMatchObject({ k: 'meta', applied: [inbox[0]] })
  })
})
