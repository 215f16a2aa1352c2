import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ErrorInfo } from '../../../shared/errors'
import type { DirEntry, DirListing, ImageSummary } from '../../../shared/image'
import { api } from '../api'

/** localStorage key of the last folder shown (restored on the next start). */
export const LAST_FOLDER_KEY = 'cvdm.browser.lastFolder'

const remember = (path: string): void => {
  try {
    localStorage.setItem(LAST_FOLDER_KEY, path)
  } catch {
    // storage unavailable (private mode, quota): the folder is simply not remembered
  }
}
const recall = (): string | undefined => {
  try {
    return localStorage.getItem(LAST_FOLDER_KEY) ?? undefined
  } catch {
    return undefined
  }
}

/** The file browser: the folder shown, its TIFFs and sub-folders, the selected file and its summary. */
export const useBrowserStore = defineStore('browser', () => {
  const listing = shallowRef<DirListing>()
  const loading = ref(false)
  const error = ref<ErrorInfo>()
  const filter = ref('')
  const selectedPath = ref<string>()
  const summary = shallowRef<ImageSummary>()
  const summaryLoading = ref(false)
  const summaryError = ref<ErrorInfo>()
  let listToken = 0
  let selectToken = 0

  const matches = (entry: DirEntry): boolean => entry.name.toLowerCase().includes(filter.value.trim().toLowerCase())
  /** Sub-folders, then TIFFs, each by name (natural order: img2 before img10), filtered by `filter`. */
  const entries = computed<DirEntry[]>(() => {
    const all = listing.value?.entries ?? []
    const byName = (a: DirEntry, b: DirEntry): number => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' })
    return [...all.filter((e) => e.kind === 'dir').sort(byName), ...all.filter((e) => e.kind === 'tiff').sort(byName)].filter(matches)
  })
  const tiffCount = computed(() => listing.value?.entries.filter((e) => e.kind === 'tiff').length ?? 0)

  /** Shows `path` (default: the host's first allowed root). Returns whether it worked; keeps the old listing if not. */
  async function open(path?: string): Promise<boolean> {
    const token = ++listToken
    loading.value = true
    // No argument at all for the default: JSON turns a trailing `undefined` into `null`, which hosts reject.
    const result = await (path === undefined ? api.files.listDir() : api.files.listDir(path))
    if (token !== listToken) return false
    loading.value = false
    if (!result.ok) {
      error.value = result.error
      return false
    }
    listing.value = result.value
    error.value = undefined
    filter.value = ''
    remember(result.value.path)
    return true
  }

  /** First load: the folder shown last time if it is still allowed, else the default root. */
  async function init(): Promise<void> {
    const last = recall()
    if (last && (await open(last))) return
    await open()
  }

  /** Goes to the parent folder (when it is inside an allowed root). */
  async function up(): Promise<void> {
    if (listing.value?.parent) await open(listing.value.parent)
  }

  /** Re-reads the current folder. */
  async function refresh(): Promise<void> {
    await open(listing.value?.path)
  }

  /** Selects a TIFF and reads its summary (dims, dtype, calibration); resolves to the summary or undefined. */
  async function select(path: string): Promise<ImageSummary | undefined> {
    const token = ++selectToken
    selectedPath.value = path
    summary.value = undefined
    summaryError.value = undefined
    summaryLoading.value = true
    const result = await api.image.readSummary(path)
    if (token !== selectToken) return undefined
    summaryLoading.value = false
    if (!result.ok) {
      summaryError.value = result.error
      return undefined
    }
    summary.value = result.value
    return result.value
  }

  return { listing, loading, error, filter, selectedPath, summary, summaryLoading, summaryError, entries, tiffCount, open, init, up, refresh, select }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useBrowserStore, import.meta.hot))
