/**
 * Long TIFF fuzz run outside CI (the CI run is tests/reliability/tiff-fuzz.test.ts; same cases, same checks).
 *   npx tsx scripts/fuzz-tiff.ts --cases 200000 --seed 7 [--from 0] [--checkpoint fuzz.json] [--verbose]
 * Prints a partial summary every 10,000 cases and the final table; with --checkpoint the summary is saved as
 * it goes, and a rerun with the same file resumes where it stopped. Exit code 1 when any case was a bug or
 * took longer than 1 s. Cases are reproducible: --from I --cases 1 --verbose replays case I.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { Command } from 'commander'
import { emptySummary, runCampaign, summaryTable, type FuzzSummary } from '../tests/reliability/fuzz/campaign'
import { makeCase } from '../tests/reliability/fuzz/mutate'
import { loadFixtures, runCase } from '../tests/reliability/fuzz/run-case'

async function main(): Promise<void> {
  const opts = new Command()
    .option('--cases <n>', 'cases to run', '200000')
    .option('--seed <n>', 'seed', '7')
    .option('--from <n>', 'first case index', '0')
    .option('--checkpoint <file>', 'save the summary here and resume from it')
    .option('--verbose', 'print each case (fixture, operator, outcome)')
    .parse()
    .opts<{ cases: string; seed: string; from: string; checkpoint?: string; verbose?: boolean }>()
  const fixtures = loadFixtures()
  const from = Number(opts.from)
  const to = from + Number(opts.cases)
  let summary: FuzzSummary = emptySummary(Number(opts.seed), from)
  if (opts.checkpoint && existsSync(opts.checkpoint)) {
    summary = JSON.parse(readFileSync(opts.checkpoint, 'utf8')) as FuzzSummary
    console.log(`Resuming seed ${summary.seed} at case ${summary.next} (${summary.cases} done).`)
  }
  if (opts.verbose) {
    for (let i = summary.next; i < to; i++) {
      const c = makeCase(summary.seed, i, fixtures)
      console.log(i, c.name, c.op, JSON.stringify(await runCase(c.bytes), (_k, v: unknown) => (v instanceof Error ? v.stack : v)))
    }
    return
  }
  const started = performance.now()
  const save = (s: FuzzSummary): void => {
    if (opts.checkpoint) writeFileSync(opts.checkpoint, JSON.stringify(s))
  }
  await runCampaign(summary, to, fixtures, {
    onProgress: (s) => {
      save(s)
      const rate = s.cases / ((performance.now() - started) / 1000)
      console.log(`… ${s.cases} cases (next ${s.next}), ${s.decoded} decoded, ${s.bugs.length} bugs, slowest ${s.maxMs.toFixed(1)} ms, ${rate.toFixed(0)} cases/s`)
    }
  })
  save(summary)
  console.log(`\nTIFF fuzz, seed ${summary.seed}, cases ${from}..${to - 1}, ${((performance.now() - started) / 1000).toFixed(0)} s this session\n`)
  console.log(summaryTable(summary))
  for (const b of summary.bugs.slice(0, 20)) console.log(`BUG case ${b.index} (${b.fixture}, ${b.op}): ${b.message}`)
  process.exitCode = summary.bugs.length || summary.slow ? 1 : 0
}

void main()
