import { existsSync } from 'node:fs'
import path from 'node:path'
import { CodedError } from '../../shared/errors'

/** What to do when an output file already exists. */
import type { OnExists } from '../../shared/outputs'
export type { OnExists }

/** The outputs of one restore: `<name>_cvdm.tif` and (K > 1) `<name>_cvdm_std.tif`. */
export interface OutputPaths {
  main: string
  std: string
  /** PNG montage/preview next to them. */
  preview: string
}

/** Output file names for `input` in `outDir` (the stem keeps everything before .tif/.tiff/.ome.tif). */
export function outputPathsFor(input: string, outDir: string, suffix = ''): OutputPaths {
  const stem = path.basename(input).replace(/(\.ome)?\.(tiff?|btf|tf8)$/i, '') + suffix
  return {
    main: path.join(outDir, `${stem}_cvdm.tif`),
    std: path.join(outDir, `${stem}_cvdm_std.tif`),
    preview: path.join(outDir, `${stem}_cvdm.png`)
  }
}

/**
 * Applies the on-exists policy (`suffix` as in {@link outputPathsFor}; `rename` appends `_2`, `_3`, … after it). Outputs never replace the input itself, whatever the policy.
 * @returns the paths to write, or null for `skip` when an output exists
 * @throws CodedError `bad-request` when an output would overwrite the input
 */
export function resolveOutputPaths(input: string, outDir: string, policy: OnExists, suffix = ''): OutputPaths | null {
  let paths = outputPathsFor(input, outDir, suffix)
  const clash = (p: OutputPaths): boolean => existsSync(p.main) || existsSync(p.std)
  if (path.resolve(paths.main) === path.resolve(input) || path.resolve(paths.std) === path.resolve(input)) {
    throw new CodedError('bad-request', `Refusing to write over the input ${input}.`)
  }
  if (clash(paths)) {
    if (policy === 'skip') return null
    if (policy === 'rename') {
      for (let n = 2; clash(paths); n++) paths = outputPathsFor(input, outDir, `${suffix}_${n}`)
    }
  }
  return paths
}
