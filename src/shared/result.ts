import { toErrorInfo, type ErrorInfo } from './errors'

/** Success or an expected failure; what every contract message returns. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

/** Wraps a value as a successful {@link Result}. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

/** Wraps an error (anything thrown) as a failed {@link Result}. */
export function fail<T = never>(error: unknown): Result<T> {
  return { ok: false, error: toErrorInfo(error) }
}

/** Runs `fn` and captures its outcome, thrown errors included, as a {@link Result}. */
export async function toResult<T>(fn: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn())
  } catch (error) {
    return fail(error)
  }
}
