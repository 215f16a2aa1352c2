/** Test support: finds the independent checkers (Debian's python3-tifffile, libtiff-tools) and runs them. */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

/** Debian's Python, which has python3-tifffile (the `python3` on PATH may not). */
export const PYTHON = '/usr/bin/python3'

/** Why tifffile can't be used here, or undefined when it can. */
export function tifffileMissing(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import tifffile, numpy'], { encoding: 'utf8' })
  return r.status === 0 ? undefined : `${PYTHON} with tifffile is not available (apt-get install python3-tifffile): ${(r.stderr || String(r.error)).trim().split('\n').pop()}`
}

/** Why `tiffinfo`/`tiffcp` can't be used here, or undefined when they can. */
export function libtiffToolsMissing(): string | undefined {
  const r = spawnSync('tiffinfo', [], { encoding: 'utf8' })
  return r.error ? 'tiffinfo is not available (apt-get install libtiff-tools)' : undefined
}

/** What tifffile sees in each file (fixtures/inspect-tiff.py), one object per file. */
export function inspectWithTifffile(files: string[]): Record<string, unknown>[] {
  const r = spawnSync(PYTHON, [join(__dirname, 'fixtures', 'inspect-tiff.py'), ...files], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
  if (r.status !== 0) throw new Error(`inspect-tiff.py failed: ${r.stderr}`)
  return r.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
}

/** Runs libtiff's `tiffinfo -D` (reads every strip): exit status and any error lines. */
export function tiffinfo(file: string): { status: number | null; errors: string[] } {
  const r = spawnSync('tiffinfo', ['-D', file], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
  return { status: r.status, errors: r.stderr.split('\n').filter((l) => /error/i.test(l)) }
}
