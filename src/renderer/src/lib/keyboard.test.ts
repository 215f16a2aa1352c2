import { describe, expect, it } from 'vitest'
import { isTextEntry } from './keyboard'

describe('isTextEntry', () => {
  it('is true for text fields and selects, false for sliders, buttons and the page', () => {
    const input = (type: string): HTMLInputElement => Object.assign(document.createElement('input'), { type })
    expect(isTextEntry(input('text'))).toBe(true)
    expect(isTextEntry(input('number'))).toBe(true)
    expect(isTextEntry(input('search'))).toBe(true)
    expect(isTextEntry(document.createElement('select'))).toBe(true)
    expect(isTextEntry(document.createElement('textarea'))).toBe(true)
    expect(isTextEntry(input('range'))).toBe(false)
    expect(isTextEntry(document.createElement('button'))).toBe(false)
    expect(isTextEntry(document.body)).toBe(false)
    expect(isTextEntry(null)).toBe(false)
  })
})
