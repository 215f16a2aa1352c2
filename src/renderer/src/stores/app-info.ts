import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo } from '../../../shared/app-info'
import type { ErrorInfo } from '../../../shared/errors'
import { api } from '../api'

/** App info (versions, backend, machine) as reported by the host, kept fresh by `app:info-changed`. */
export const useAppInfoStore = defineStore('app-info', () => {
  const info = ref<AppInfo>()
  const error = ref<ErrorInfo>()
  const loading = ref(false)
  let unsubscribe: (() => void) | undefined

  /** Loads the info once and subscribes to updates (idempotent). */
  async function init(): Promise<void> {
    unsubscribe ??= api.app.onInfoChanged((next) => {
      info.value = next
      error.value = undefined
    })
    loading.value = true
    const result = await api.app.getInfo()
    loading.value = false
    if (result.ok) {
      info.value = result.value
      error.value = undefined
    } else error.value = result.error
  }

  /** Stops listening for updates. */
  function dispose(): void {
    unsubscribe?.()
    unsubscribe = undefined
  }

  return { info, error, loading, init, dispose }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAppInfoStore, import.meta.hot))
