/** Test support: a full handler table from a few real entries (the rest throw `internal` if ever called). */
import { CodedError } from '../errors'
import { INVOKE_CHANNELS, type InvokeHandlers } from './contract'

/** Every channel of the contract; those missing from `some` throw when called (tests of hosts use it). */
export function handlersWith(some: Partial<InvokeHandlers>): InvokeHandlers {
  const table: Record<string, unknown> = {}
  for (const channel of INVOKE_CHANNELS) {
    table[channel] = some[channel] ?? (() => {
      throw new CodedError('internal', `${channel} is not part of this test.`)
    })
  }
  return table as InvokeHandlers
}
