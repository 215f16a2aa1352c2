import type { BrowserWindow, Dialog } from 'electron'

/**
 * The native folder picker behind `dialog:pick-folder`: modal to `window`, one folder; null when dismissed.
 * The core handler then checks the folder against the allowed roots.
 */
export function createFolderPicker(dialog: Pick<Dialog, 'showOpenDialog'>, window: () => BrowserWindow | undefined): () => Promise<string | null> {
  return async () => {
    const parent = window()
    const options = { title: 'Choose a folder', properties: ['openDirectory' as const] }
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]
  }
}
