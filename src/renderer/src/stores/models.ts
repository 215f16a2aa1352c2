import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ErrorInfo } from '../../../shared/errors'
import type { ModelInfo } from '../../../shared/models'
import type { Result } from '../../../shared/result'
import { api } from '../api'

/** The model manager: registered models, the one selected, and import / export / remove. */
export const useModelsStore = defineStore('models', () => {
  const models = ref<ModelInfo[]>([])
  const selectedId = ref<string>()
  const error = ref<ErrorInfo>()
  const loading = ref(false)
  const busy = ref(false)
  /** A short note about the last action that worked ("Exported to …"). */
  const notice = ref<string>()

  /** Shipped (read-only) models first, then the user's, each by id. */
  const sorted = computed(() =>
    [...models.value].sort((a, b) => Number(b.readOnly) - Number(a.readOnly) || a.id.localeCompare(b.id, undefined, { numeric: true }))
  )
  const selected = computed(() => models.value.find((m) => m.id === selectedId.value))

  /** Runs one host call with `busy` set; keeps its error (clearing the notice) or returns its value. */
  async function run<T>(call: () => Promise<Result<T>>): Promise<{ ok: true; value: T } | { ok: false }> {
    busy.value = true
    const result = await call()
    busy.value = false
    if (!result.ok) {
      error.value = result.error
      notice.value = undefined
      return { ok: false }
    }
    error.value = undefined
    return result
  }

  /** Reads the registry. */
  async function load(): Promise<void> {
    loading.value = true
    const result = await api.models.list()
    loading.value = false
    if (!result.ok) {
      error.value = result.error
      return
    }
    models.value = result.value
    error.value = undefined
    if (selectedId.value && !models.value.some((m) => m.id === selectedId.value)) selectedId.value = undefined
  }

  /** Selects a model (by id) for the details pane. */
  function select(id: string | undefined): void {
    selectedId.value = id
  }

  /** Imports a model folder or `.zip`; selects and returns the new model. */
  async function importModel(path: string): Promise<ModelInfo | undefined> {
    const result = await run(() => api.models.import(path.trim()))
    if (!result.ok) return undefined
    await load()
    selectedId.value = result.value.id
    notice.value = `Imported “${result.value.id}”.`
    return result.value
  }

  /** Exports a model as a `.zip` into `folder`; returns the zip's path. */
  async function exportModel(id: string, folder: string): Promise<string | undefined> {
    const result = await run(() => api.models.export(id, folder.trim()))
    if (!result.ok) return undefined
    notice.value = `Exported to ${result.value}`
    return result.value
  }

  /** Removes a user model (the host refuses read-only ones with `read-only`). */
  async function remove(id: string): Promise<boolean> {
    const result = await run(() => api.models.remove(id))
    if (!result.ok) return false
    if (selectedId.value === id) selectedId.value = undefined
    await load()
    notice.value = `Deleted “${id}”.`
    return true
  }

  return { models, selectedId, error, loading, busy, notice, sorted, selected, load, select, importModel, exportModel, remove }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useModelsStore, import.meta.hot))
