/**
 * The closed set of error codes that cross a process or host boundary (IPC, HTTP, CLI exit).
 * Core code throws {@link CodedError}; hosts turn it into a {@link Result} or an exit code.
 * An error without a code is a bug and surfaces as `internal`.
 */
export const ERROR_CODES = [
  // generic
  'bad-request',
  'not-found',
  'unauthorized',
  'forbidden-sender',
  'forbidden-path',
  'unknown-channel',
  'cancelled',
  'already-exists',
  'read-only',
  'busy',
  'internal',
  // engine / backends
  'backend-unavailable',
  'engine-crashed',
  'out-of-memory',
  // files
  'io-error',
  'disk-full',
  'not-tiff',
  'truncated',
  'ifd-loop',
  'bad-offset',
  'unsupported-compression',
  'unsupported-sample-format',
  'unsupported-layout',
  'too-large',
  'bad-metadata',
  // models and training
  'bad-model',
  'bad-pairs'
] as const

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number]

/** Type guard: is `value` one of the known error codes? */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

/** An expected failure with a stable machine-readable `code` and a message written for people. */
export class CodedError extends Error {
  /** Stable code, safe to switch on in UIs and scripts. */
  readonly code: ErrorCode

  /**
   * @param code - stable error code
   * @param message - what went wrong and, where possible, what to do about it
   * @param options - `cause` for chaining the low-level error
   */
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'CodedError'
    this.code = code
  }
}

/** The plain-data form of an error that crosses a boundary. */
export interface ErrorInfo {
  code: ErrorCode
  message: string
}

/**
 * Converts anything thrown into an {@link ErrorInfo}. Errors without a known code become `internal`
 * (they are bugs), keeping their message so that they can be reported.
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof CodedError) return { code: error.code, message: error.message }
  if (typeof error === 'object' && error !== null) {
    const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown }
    if (isErrorCode(code)) return { code, message: String(message ?? code) }
    if (name === 'AbortError') return { code: 'cancelled', message: 'The operation was cancelled.' }
    if (name === 'RuntimeError' && /memory/i.test(String(message))) {
      return { code: 'out-of-memory', message: `The compute engine ran out of memory (${String(message)}): use smaller tiles (--tile) or fewer samples.` }
    }
    if (code === 'ENOSPC') return { code: 'disk-full', message: String(message ?? 'The disk is full.') }
    if (code === 'ENOENT') return { code: 'not-found', message: String(message ?? 'File not found.') }
    if (typeof message === 'string') return { code: 'internal', message }
  }
  return { code: 'internal', message: String(error) }
}
