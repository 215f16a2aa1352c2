import { CodedError } from '../errors'
import type { InvokeChannel, InvokeMap } from './contract'

/** Checks untrusted arguments for a channel and returns them typed, or throws `bad-request`. */
export type ArgsValidator<C extends InvokeChannel> = (args: unknown[]) => Parameters<InvokeMap[C]>

function noArgs(channel: InvokeChannel): (args: unknown[]) => [] {
  return (args) => {
    if (args.length !== 0) throw new CodedError('bad-request', `${channel} takes no arguments, got ${args.length}.`)
    return []
  }
}

function text(channel: InvokeChannel, name: string, value: unknown, optional = false): string | undefined {
  if (value === undefined && optional) return undefined
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096 || value.includes('\0')) {
    throw new CodedError('bad-request', `${channel}: ${name} must be a non-empty path string.`)
  }
  return value
}

function index(channel: InvokeChannel, name: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 1e7) {
    throw new CodedError('bad-request', `${channel}: ${name} must be a non-negative integer.`)
  }
  return value as number
}

function arity(channel: InvokeChannel, args: unknown[], max: number): void {
  if (args.length > max) throw new CodedError('bad-request', `${channel} takes at most ${max} argument(s), got ${args.length}.`)
}

/** Validators for every invoke channel; hosts run them before calling a handler. */
export const ARGS_VALIDATORS: { [C in InvokeChannel]: ArgsValidator<C> } = {
  'app:get-info': noArgs('app:get-info'),
  'files:list-dir': (args) => {
    arity('files:list-dir', args, 1)
    return [text('files:list-dir', 'path', args[0], true)]
  },
  'image:read-summary': (args) => {
    arity('image:read-summary', args, 1)
    return [text('image:read-summary', 'path', args[0]) as string]
  },
  'image:read-plane': (args) => {
    arity('image:read-plane', args, 1)
    const r = args[0] as Record<string, unknown> | undefined
    if (typeof r !== 'object' || r === null) throw new CodedError('bad-request', 'image:read-plane needs {path, t, z, c}.')
    const c = 'image:read-plane'
    return [{ path: text(c, 'path', r.path) as string, t: index(c, 't', r.t), z: index(c, 'z', r.z), c: index(c, 'c', r.c) }]
  }
}

/** Validates the arguments of `channel`, which itself comes from an untrusted source. */
export function validateInvoke(channel: string, args: unknown): { channel: InvokeChannel; args: unknown[] } {
  if (!Object.prototype.hasOwnProperty.call(ARGS_VALIDATORS, channel)) {
    throw new CodedError('unknown-channel', `Unknown channel "${channel}".`)
  }
  if (!Array.isArray(args)) throw new CodedError('bad-request', `Arguments for ${channel} must be an array.`)
  const typed = channel as InvokeChannel
  return { channel: typed, args: ARGS_VALIDATORS[typed](args) }
}
