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

describe('image:thumbnail arguments', () => {
  it('takes an absolute path and a max side of 16…256 px', () => {
    expect(validateInvoke('image:thumbnail', ['/data/a.tif', 96])).toEqual({ channel: 'image:thumbnail', args: ['/data/a.tif', 96] })
    for (const bad of [['/data/a.tif'], ['/data/a.tif', 8], ['/data/a.tif', 1000], ['/data/a.tif', 64.5], ['/data/a.tif', '64'], [42, 64]]) {
      expect(() => validateInvoke('image:thumbnail', bad)).toThrow(expect.objectContaining({ code: 'bad-request' }))
    }
  })
})
