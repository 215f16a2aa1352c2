import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppInfo } from '../../../shared/app-info'

const listeners: ((info: AppInfo) => void)[] = []
const getInfo = vi.fn()
vi.mock('../api', () => ({
  api: {
    app: {
      getInfo: () => getInfo(),
      onInfoChanged: (listener: (info: AppInfo) => void) => {
        listeners.push(listener)
        return () => listeners.splice(listeners.indexOf(listener), 1)
      }
    }
  }
}))

const { useAppInfoStore } = await import('./app-info')
const info = (name: AppInfo['backend']['name']): AppInfo => ({ name: 'cvdm-studio', backend: { name } }) as AppInfo

describe('useAppInfoStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    listeners.length = 0
    getInfo.mockReset()
  })

  it('loads the info and follows app:info-changed', async () => {
    getInfo.mockResolvedValue({ ok: true, value: info('cpu') })
    const store = useAppInfoStore()
    await store.init()
    expect(store.info?.backend.name).toBe('cpu')
    listeners.forEach((listener) => listener(info('wasm')))
    expect(store.info?.backend.name).toBe('wasm')
    store.dispose()
    expect(listeners).toHaveLength(0)
  })

  it('keeps the error of a failed call for the UI to show', async () => {
    getInfo.mockResolvedValue({ ok: false, error: { code: 'unauthorized', message: 'no token' } })
    const store = useAppInfoStore()
    await store.init()
    expect(store.info).toBeUndefined()
    expect(store.error).toEqual({ code: 'unauthorized', message: 'no token' })
  })
})
