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

/** Validators for every invoke channel; hosts run them before calling a handler. */
export const ARGS_VALIDATORS: { [C in InvokeChannel]: ArgsValidator<C> } = {
  'app:get-info': noArgs('app:get-info')
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
