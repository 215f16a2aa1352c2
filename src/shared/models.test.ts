import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL_ID, preferredModel } from './models'

describe('preferredModel', () => {
  const listed = [{ id: 'default-denoise' }, { id: 'a-user-model' }, { id: DEFAULT_MODEL_ID }]

  it('keeps the model asked for when it is listed', () => {
    expect(preferredModel(listed, 'a-user-model')?.id).toBe('a-user-model')
  })

  it('falls back to default-sr2x, not to the alphabetically first model', () => {
    expect(DEFAULT_MODEL_ID).toBe('default-sr2x')
    expect(preferredModel(listed)?.id).toBe('default-sr2x')
    expect(preferredModel(listed, 'removed-model')?.id).toBe('default-sr2x')
  })

  it('takes the first listed model without the default, and nothing from an empty list', () => {
    expect(preferredModel([{ id: 'x' }, { id: 'y' }])?.id).toBe('x')
    expect(preferredModel([])).toBeUndefined()
  })
})
