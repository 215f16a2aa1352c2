import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { removeStaleTemps, tempOwnerPid, tempPathFor, writeFileAtomic } from './atomic'
import { tempWorkspace } from './testing/fixtures'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

describe('atomic writes and temp cleanup', () => {
  it('writes atomically and names temps after the final file and the writer pid', () => {
    const ws = tempWorkspace()
    cleanups.push(ws.cleanup)
    const final = path.join(ws.input, 'a_cvdm.tif')
    writeFileAtomic(final, 'data')
    expect(fs.readdirSync(ws.input)).toEqual(['a_cvdm.tif'])
    const tmp = path.basename(tempPathFor(final, 1234))
    expect(tmp).toMatch(/^\.a_cvdm\.tif\.1234-[0-9a-f]{8}\.cvdm-tmp$/)
    expect(tempOwnerPid(tmp, 'a_cvdm.tif')).toBe(1234)
    expect(tempOwnerPid(tmp, 'b_cvdm.tif')).toBeUndefined()
  })

  it('removes temps of dead writers and TIFF-writer .part files, keeps live writers and other files', () => {
    const ws = tempWorkspace()
    cleanups.push(ws.cleanup)
    const final = path.join(ws.input, 'a_cvdm.tif')
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!
    const names = {
      dead: path.basename(tempPathFor(final, dead)),
      live: path.basename(tempPathFor(final, process.ppid)),
      part: '.a_cvdm.tif.0badc0de.part',
      other: path.basename(tempPathFor(path.join(ws.input, 'b_cvdm.tif'), dead)),
      plain: 'a.tif'
    }
    for (const n of Object.values(names)) fs.writeFileSync(path.join(ws.input, n), '')
    expect(removeStaleTemps([final]).map((p) => path.basename(p)).sort()).toEqual([names.dead, names.part].sort())
    expect(fs.readdirSync(ws.input).sort()).toEqual([names.live, names.other, names.plain].sort())
  })
})
