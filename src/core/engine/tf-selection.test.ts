import { describe, expect, it } from 'vitest'
import type { BackendName } from '../../shared/app-info'
import { resolveBackendRequest, selectBackend, type BackendLoader } from './tf'

const failing = (reason: string): BackendLoader => () => Promise.reject(new Error(reason))
const working: BackendLoader = () => Promise.resolve()

describe('backend request', () => {
  it('prefers the flag over CVDM_BACKEND and defaults to auto', () => {
    expect(resolveBackendRequest(undefined, {})).toEqual({ requestedBy: 'auto' })
    expect(resolveBackendRequest(undefined, { CVDM_BACKEND: 'cpu' })).toEqual({ backend: 'cpu', requestedBy: 'env' })
    expect(resolveBackendRequest('wasm', { CVDM_BACKEND: 'cpu' })).toEqual({ backend: 'wasm', requestedBy: 'flag' })
  })
  it('refuses unknown names with bad-request', () => {
    expect(() => resolveBackendRequest('webgpu', {})).toThrow(expect.objectContaining({ code: 'bad-request' }))
    expect(() => resolveBackendRequest(undefined, { CVDM_BACKEND: 'cuda' })).toThrow(/CVDM_BACKEND/)
  })
})

describe('selectBackend with fake loaders', () => {
  const loaders = (ok: BackendName[]): Record<BackendName, BackendLoader> => ({
    'tensorflow-gpu': ok.includes('tensorflow-gpu') ? working : failing('no CUDA'),
    tensorflow: ok.includes('tensorflow') ? working : failing('no libtensorflow'),
    wasm: ok.includes('wasm') ? working : failing('no wasm'),
    cpu: working
  })

  it('falls back in order and records why each better backend was skipped', async () => {
    const info = await selectBackend({ requestedBy: 'auto' }, loaders([]))
    expect(info.name).toBe('cpu')
    expect(info.skipped).toEqual([
      { backend: 'tensorflow-gpu', reason: 'no CUDA' },
      { backend: 'tensorflow', reason: 'no libtensorflow' },
      { backend: 'wasm', reason: 'no wasm' }
    ])
  })
  it('takes the best working backend', async () => {
    expect((await selectBackend({ requestedBy: 'auto' }, loaders(['tensorflow', 'wasm']))).name).toBe('tensorflow')
  })
  it('fails loudly when an explicitly requested backend is unavailable (no silent slow fallback)', async () => {
    await expect(selectBackend({ backend: 'tensorflow-gpu', requestedBy: 'flag' }, loaders(['wasm']))).rejects.toMatchObject({
      code: 'backend-unavailable'
    })
  })
})

describe('selectBackend on this machine', () => {
  it('skips the native backends with a reason and runs a real op on the chosen one', async () => {
    const { tf } = await import('./tf')
    const info = await selectBackend({ requestedBy: 'auto' })
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(info.name)
    expect(tf.getBackend()).toBe(info.name === 'tensorflow-gpu' ? 'tensorflow' : info.name)
    for (const skip of info.skipped) expect(skip.reason.length).toBeGreaterThan(5)
    expect(Array.from(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1)).dataSync())).toEqual([2, 3])
  })
})
