/**
 * TIFF fuzzing in CI: structure-aware mutations of every committed fixture (header, IFD entry counts, tags,
 * field types, counts, offsets, strip/tile arrays, compressed streams, ImageJ/OME text, truncation) through
 * the public reader. Every case must end in a decoded image or a CodedError, within 1 s, with bounded memory.
 * CVDM_FUZZ_CASES (default 200,000; the run stops at CVDM_FUZZ_BUDGET_MS, default 150 s) and CVDM_FUZZ_SEED set the run; a failing case replays with
 * `npx tsx scripts/fuzz-tiff.ts --seed S --from I --cases 1 --verbose`.
 */
import { describe, expect, it } from 'vitest'
import { emptySummary, runCampaign, summaryTable } from './fuzz/campaign'
import { makeCase } from './fuzz/mutate'
import { loadFixtures, runCase } from './fuzz/run-case'

const CASES = Number(process.env.CVDM_FUZZ_CASES ?? 200_000)
const SEED = Number(process.env.CVDM_FUZZ_SEED ?? 20261126)
/** Wall-clock cap: the run stops early (and says so) rather than blow the CI budget on a loaded machine. */
const BUDGET_MS = Number(process.env.CVDM_FUZZ_BUDGET_MS ?? 150_000)
const fixtures = loadFixtures()

describe('TIFF fuzzing', () => {
  it('the harness tells bugs from coded errors (so this test can fail)', async () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40)
    expect(await runCase(fixtures.find((f) => f.name === 'u16_le.tif')!.bytes)).toEqual({ kind: 'decoded', pages: 3 })
    expect(await runCase(new Uint8Array(3))).toEqual({ kind: 'error', code: 'not-tiff' })
    // A reader that threw a TypeError would be reported as a bug: runCase classifies anything uncoded that way.
    const asBug = await runCase(new Proxy(new Uint8Array(64), { get: () => { throw new TypeError('boom') } }) as Uint8Array)
    expect(asBug.kind).toBe('bug')
    // Cases are reproducible from (seed, index).
    expect(makeCase(SEED, 123, fixtures).bytes).toEqual(makeCase(SEED, 123, fixtures).bytes)
  })

  it(`${CASES} mutated files: each decodes or fails with a CodedError, within 1 s, bounded memory`, async () => {
    const started = performance.now()
    const summary = await runCampaign(emptySummary(SEED), CASES, fixtures, { deadline: started + BUDGET_MS })
    const seconds = (performance.now() - started) / 1000
    console.log(`TIFF fuzz: seed ${SEED}, ${summary.cases} of ${CASES} cases in ${seconds.toFixed(1)} s\n${summaryTable(summary)}`)
    expect(summary.bugs).toEqual([])
    expect(summary.slow).toBe(0)
    expect(summary.maxRss).toBeLessThan(1.5 * 2 ** 30)
    // The mutations must reach deep: many cases still decode and most of the reader's error paths are hit.
    expect(summary.cases).toBeGreaterThanOrEqual(Math.min(CASES, 5_000))
    expect(summary.decoded).toBeGreaterThan(summary.cases / 20)
    expect(Object.keys(summary.codes).length).toBeGreaterThanOrEqual(7)
  }, 200_000)
})
