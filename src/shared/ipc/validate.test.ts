import { describe, expect, it } from 'vitest'
import { EVENT_CHANNELS, INVOKE_CHANNELS } from './contract'
import { ARGS_VALIDATORS, validateInvoke } from './validate'

describe('contract', () => {
  it('has a validator for every invoke channel and channel names of the form domain:verb or domain:verb-noun', () => {
    expect(Object.keys(ARGS_VALIDATORS).sort()).toEqual([...INVOKE_CHANNELS].sort())
    for (const channel of [...INVOKE_CHANNELS, ...EVENT_CHANNELS]) expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/)
  })
})

describe('validateInvoke', () => {
  it('accepts a known channel with valid arguments', () => {
    expect(validateInvoke('app:get-info', [])).toEqual({ channel: 'app:get-info', args: [] })
  })
  it('refuses unknown channels, prototype keys and bad argument lists with coded errors', () => {
    expect(() => validateInvoke('app:nope', [])).toThrow(expect.objectContaining({ code: 'unknown-channel' }))
    expect(() => validateInvoke('constructor', [])).toThrow(expect.objectContaining({ code: 'unknown-channel' }))
    expect(() => validateInvoke('app:get-info', { 0: 1 })).toThrow(expect.objectContaining({ code: 'bad-request' }))
    expect(() => validateInvoke('app:get-info', [1])).toThrow(expect.objectContaining({ code: 'bad-request' }))
  })
})
