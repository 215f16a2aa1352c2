import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { appHome } from './app-home'
import { globToRegExp } from './glob'
import { jobIdFor, normalizeRequest, resolveFiles, validateRestoreOptions } from './job-spec'
import { outputsFor, pickRenamed } from './output-names'
import { tempWorkspace, writeInputs } from './testing/fixtures'
import type { JobRequest } from './types'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function ws() {
  const w = tempWorkspace()
  cleanups.push(w.cleanup)
  return w
}
const options = { modelId: 'm', steps: 4, samples: 1, sampler: 'fast' as const, seed: 0 }

describe('job spec', () => {
  it('follows the OS data-folder conventions, CVDM_HOME first', () => {
    expect(appHome({ CVDM_HOME: '/x/y' }, 'linux', '/home/u')).toBe('/x/y')
    expect(appHome({}, 'linux', '/home/u')).toBe('/home/u/.local/share/cvdm-studio')
    expect(appHome({ XDG_DATA_HOME: '/data' }, 'linux', '/home/u')).toBe('/data/cvdm-studio')
    expect(appHome({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/cvdm-studio')
    expect(appHome({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Roaming\\cvdm-studio')
  })

  it('matches globs case-insensitively with **, ? and braces', () => {
    expect(globToRegExp('*.{tif,tiff}').test('A.TIF')).toBe(true)
    expect(globToRegExp('*.{tif,tiff}').test('sub/a.tif')).toBe(false)
    expect(globToRegExp('**/*.tif').test('a.tif')).toBe(true)
    expect(globToRegExp('**/*.tif').test('x/y/a.tif')).toBe(true)
    expect(globToRegExp('img-??.tif').test('img-01.tif')).toBe(true)
    expect(globToRegExp('[!x]*.tif').test('xa.tif')).toBe(false)
    expect(() => globToRegExp('{a,b')).toThrow(/Unbalanced/)
  })

  it('derives a stable id from inputs, output folder and options (key order does not matter)', () => {
    const w = ws()
    const a = normalizeRequest({ inputs: [w.input], outputDir: w.output, options })
    const b = normalizeRequest({ outputDir: w.output, options: { seed: 0, sampler: 'fast', samples: 1, steps: 4, modelId: 'm' }, inputs: [w.input + '/'] })
    expect(jobIdFor(a)).toBe(jobIdFor(b))
    expect(jobIdFor(a)).toMatch(/^[0-9a-f]{16}$/)
    expect(jobIdFor({ ...a, options: { ...options, seed: 1 } })).not.toBe(jobIdFor(a))
    expect(jobIdFor({ ...a, shard: { index: 0, count: 2 } })).not.toBe(jobIdFor(a))
    expect(() => validateRestoreOptions({ ...options, steps: 0 })).toThrow(/steps/)
    expect(() => validateRestoreOptions({ ...options, sampler: 'slow' as 'fast' })).toThrow(/sampler/)
  })

  it('scans a folder, skips its own outputs and reports, mirrors sub-folders when recursive', () => {
    const w = ws()
    writeInputs(w.input, 2, 10, ['a.tif', 'sub/b.TIFF'])
    for (const own of ['a_cvdm.tif', 'a_2_cvdm_std.tif', 'a_cvdm.png', 'cvdm-report-1.json', '.a_cvdm.tif.1-ab.cvdm-tmp', 'notes.txt']) fs.writeFileSync(path.join(w.input, own), '')
    const flat = resolveFiles(normalizeRequest({ inputs: [w.input], outputDir: w.input, options }))
    expect(flat.map((f) => [f.rel, path.basename(f.outputs.main)])).toEqual([['a.tif', 'a_cvdm.tif']])
    const deep = resolveFiles(normalizeRequest({ inputs: [w.input], outputDir: w.output, options: { ...options, samples: 2 }, recursive: true }))
    expect(deep.map((f) => f.rel)).toEqual(['a.tif', 'sub/b.TIFF'])
    expect(deep[1].outputs).toEqual({ main: path.join(w.output, 'sub', 'b_cvdm.tif'), std: path.join(w.output, 'sub', 'b_cvdm_std.tif') })
  })

  it('refuses outputs that would overwrite an input, or each other', () => {
    const w = ws()
    const [a, aOut, t1, t2] = writeInputs(w.input, 4, 10, ['a.tif', 'a_cvdm.tif', 't.tif', 't.tiff'])
    const req = (inputs: string[], outputDir = w.input): JobRequest => ({ inputs, outputDir, options })
    expect(() => resolveFiles(normalizeRequest(req([a, aOut])))).toThrow(/would overwrite the input/)
    expect(() => resolveFiles(normalizeRequest(req([t1, t2], w.output)))).toThrow(/would both write/)
    expect(() => normalizeRequest(req([a], a))).toThrow(/is one of the input files/)
    expect(() => normalizeRequest(req([a, w.input]))).toThrow(/not both/)
    expect(() => normalizeRequest(req([path.join(w.input, 'missing.tif')]))).toThrow(/not found/)
  })

  it('renames to the first free _n variant that is no input and not taken', () => {
    const w = ws()
    const outs = outputsFor('x.tif', w.input, true)
    fs.writeFileSync(outs.main, '')
    const taken = new Set([path.resolve(w.input, 'x_2_cvdm.tif').toLowerCase()])
    expect(pickRenamed(outs, new Set(), taken)).toEqual({ main: path.join(w.input, 'x_3_cvdm.tif'), std: path.join(w.input, 'x_3_cvdm_std.tif') })
  })
})
