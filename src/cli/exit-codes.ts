import type { ErrorCode } from '../shared/errors'

/** Documented exit codes of the `cvdm` command (also listed in `cvdm --help` and README.md). */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  badInput: 3,
  backend: 4,
  io: 5,
  cancelled: 130
} as const

/** Maps an error code to the process exit code. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'bad-request':
    case 'unknown-channel':
    case 'read-only':
    case 'busy':
      return EXIT.usage
    case 'not-tiff':
    case 'truncated':
    case 'ifd-loop':
    case 'bad-offset':
    case 'unsupported-compression':
    case 'unsupported-sample-format':
    case 'unsupported-layout':
    case 'too-large':
    case 'bad-metadata':
    case 'not-found':
    case 'bad-model':
    case 'bad-pairs':
    case 'already-exists':
      return EXIT.badInput
    case 'backend-unavailable':
    case 'engine-crashed':
    case 'out-of-memory':
      return EXIT.backend
    case 'io-error':
    case 'disk-full':
      return EXIT.io
    case 'cancelled':
      return EXIT.cancelled
    default:
      return EXIT.internal
  }
}

/** Help text section describing the exit codes. */
export const EXIT_HELP = `Exit codes:
  0    success
  1    internal error (a bug: please report it)
  2    usage error (unknown option, bad value, read-only model, busy)
  3    bad input (not a TIFF, truncated, unsupported variant, not found, bad model, unusable pairs, name taken)
  4    compute engine problem (no usable backend, out of memory, engine crashed)
  5    I/O error (disk full, permission)
  130  cancelled`
