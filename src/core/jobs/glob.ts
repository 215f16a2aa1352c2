/**
 * A small glob matcher for input selection (no dependency: Node 20 has no stable fs.glob / path.matchesGlob).
 * Supports `*`, `**`, `?`, `[abc]`, `[!abc]` and `{a,b}`; matching is case-insensitive (microscopes write
 * `.TIF` as often as `.tif`), on paths with `/` separators.
 */
import { CodedError } from '../../shared/errors'

/** Default input pattern of folder jobs. */
export const DEFAULT_GLOB = '*.{tif,tiff}'

/**
 * Compiles a glob to a RegExp that matches a whole relative path (`/`-separated).
 * @throws CodedError `bad-request` for an unbalanced `{` or `[`
 */
export function globToRegExp(glob: string): RegExp {
  let re = ''
  let braces = 0
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/'
        re += slashAfter ? '(?:.*/)?' : '.*'
        i += slashAfter ? 2 : 1
      } else re += '[^/]*'
    } else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2)
      if (end < 0) throw new CodedError('bad-request', `Unclosed "[" in glob "${glob}".`)
      let body = glob.slice(i + 1, end)
      if (body.startsWith('!')) body = '^' + body.slice(1)
      re += `[${body.replace(/\\/g, '\\\\')}]`
      i = end
    } else if (c === '{') {
      braces++
      re += '(?:'
    } else if (c === '}' && braces > 0) {
      braces--
      re += ')'
    } else if (c === ',' && braces > 0) re += '|'
    else re += c.replace(/[.+^$()|\\\]}]/g, '\\$&')
  }
  if (braces !== 0) throw new CodedError('bad-request', `Unbalanced "{" in glob "${glob}".`)
  return new RegExp(`^${re}$`, 'i')
}

/** Does `glob` look at sub-folders (contains a `/` or `**`)? */
export function globSpansFolders(glob: string): boolean {
  return glob.includes('/') || glob.includes('**')
}
