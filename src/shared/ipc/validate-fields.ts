/**
 * Field checks for untrusted IPC arguments: each returns the value typed or throws `bad-request` with a message
 * that names the channel and the field (what the UI or a script sent wrong). Pure; no platform imports.
 */
import { CodedError } from '../errors'

/** Longest path accepted (Windows long paths are 32 767 UTF-16 units; 4096 covers Linux PATH_MAX). */
export const MAX_PATH_LENGTH = 4096
/** Longest id (model, job, run) accepted. */
export const MAX_ID_LENGTH = 128
/** Most input paths in one batch request (a folder input covers more). */
export const MAX_INPUTS = 10_000

/** Names what is being checked, for messages: `restore:start: steps`. */
export type Where = string

const bad = (where: Where, what: string): CodedError => new CodedError('bad-request', `${where} must be ${what}.`)

/** A non-empty path string without NUL bytes, at most {@link MAX_PATH_LENGTH} characters. */
export function pathField(where: Where, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PATH_LENGTH || value.includes('\0')) {
    throw bad(where, `a non-empty path (at most ${MAX_PATH_LENGTH} characters)`)
  }
  return value
}

/** An id: 1–128 letters, digits, `.`, `_`, `-` (no slashes, so an id can never name a path), not `.`/`..`. */
export function idField(where: Where, value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(value) || value === '.' || value === '..') {
    throw bad(where, 'an id of 1–128 letters, digits, ".", "_" or "-"')
  }
  return value
}

/** An integer in [min, max]. */
export function intField(where: Where, value: unknown, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw bad(where, `an integer from ${min} to ${max}`)
  }
  return value as number
}

/** A finite number in [min, max] (`exclusiveMin`: strictly above min). */
export function numberField(where: Where, value: unknown, min: number, max: number, exclusiveMin = false): number {
  const n = value as number
  if (typeof value !== 'number' || !Number.isFinite(n) || n > max || n < min || (exclusiveMin && n === min)) {
    throw bad(where, `a number ${exclusiveMin ? 'above' : 'from'} ${min} ${exclusiveMin ? 'and at most' : 'to'} ${max}`)
  }
  return n
}

/** true or false. */
export function boolField(where: Where, value: unknown): boolean {
  if (typeof value !== 'boolean') throw bad(where, 'true or false')
  return value
}

/** One of `choices`. */
export function enumField<T extends string>(where: Where, value: unknown, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) throw bad(where, `one of ${choices.join(', ')}`)
  return value as T
}

/**
 * A plain object whose keys are all in `allowed` (typos and extra fields are refused, so a misspelt option never
 * silently falls back to a default).
 */
export function objectField(where: Where, value: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(where, 'an object')
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k))
  if (unknown.length) {
    throw new CodedError('bad-request', `${where} has unknown field(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}.`)
  }
  return value as Record<string, unknown>
}

/** Runs `check` on `value` unless it is undefined. */
export function optional<T>(value: unknown, check: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : check(value)
}

/** Copies the defined entries of `fields` (so optional fields stay absent instead of `undefined`). */
export function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T
}

/** Throws `bad-request` unless `args` has between `min` and `max` entries. */
export function arity(channel: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const wanted = min === max ? `${min}` : `${min}–${max}`
    throw new CodedError('bad-request', `${channel} takes ${wanted} argument(s), got ${args.length}.`)
  }
}
