import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { SamplerKind } from '../../../shared/jobs'

/** localStorage key of the settings (both hosts keep them per origin/profile across restarts). */
export const SETTINGS_KEY = 'cvdm.settings'

/** Light, dark, or whatever the OS says. */
export type ThemeChoice = 'system' | 'light' | 'dark'

/** The restore panel's options, remembered between runs. */
export interface RestoreSettings {
  /** Model id; undefined = the first listed (the shipped default). */
  modelId?: string
  /** Sampler steps, 1–1000. */
  steps: number
  /** Samples K, 1–64 (≥ 2 when `uncertainty`). */
  samples: number
  /** Also write and show the per-pixel std (needs K ≥ 2). */
  uncertainty: boolean
  sampler: SamplerKind
  seed: number
  /** Output folder; undefined = the app's previews folder. */
  outputDir?: string
}

/** Defaults of a fresh install. */
export const DEFAULT_RESTORE_SETTINGS: RestoreSettings = { steps: 20, samples: 4, uncertainty: true, sampler: 'fast', seed: 0 }

interface Stored {
  theme?: ThemeChoice
  restore?: Partial<RestoreSettings>
}

function load(): Stored {
  try {
    const parsed = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}') as Stored
    return typeof parsed === 'object' && parsed !== null ? parsed : {}
  } catch {
    return {}
  }
}

/** App settings kept across restarts (theme, restore options); the last folder is kept by the browser store. */
export const useSettingsStore = defineStore('settings', () => {
  const stored = load()
  const theme = ref<ThemeChoice>(['light', 'dark', 'system'].includes(stored.theme ?? '') ? stored.theme! : 'system')
  const restore = ref<RestoreSettings>({ ...DEFAULT_RESTORE_SETTINGS, ...(stored.restore ?? {}) })

  function save(): void {
    try {
      localStorage.setItem(SETTINGS_KEY, JSON.stringify({ theme: theme.value, restore: restore.value }))
    } catch {
      // storage unavailable: settings last for this session only
    }
  }
  watch([theme, restore], save, { deep: true })

  /** Changes some restore options; turning uncertainty on raises K to 2, K < 2 turns it off. */
  function setRestore(patch: Partial<RestoreSettings>): void {
    const next = { ...restore.value, ...patch }
    if (patch.uncertainty && next.samples < 2) next.samples = 2
    if (patch.samples !== undefined && patch.samples < 2) next.uncertainty = false
    restore.value = next
  }

  /** Cycles system → light → dark. */
  function cycleTheme(): void {
    theme.value = theme.value === 'system' ? 'light' : theme.value === 'light' ? 'dark' : 'system'
  }

  return { theme, restore, setRestore, cycleTheme }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSettingsStore, import.meta.hot))
