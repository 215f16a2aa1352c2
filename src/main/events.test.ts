import { describe, expect, it, vi } from 'vitest'
import type { BrowserWindow } from 'electron'
import { createFolderPicker } from './dialogs'
import { createWindowEmitter, type WindowLike } from './events'

const win = (url: string, destroyed = false): WindowLike & { send: ReturnType<typeof vi.fn> } => {
  const send = vi.fn()
  return { send, isDestroyed: () => destroyed, webContents: { getURL: () => url, send } }
}

describe('Electron event forwarding', () => {
  it('sends service events only to open windows showing our UI', () => {
    const ours = win('file:///app/index.html')
    const foreign = win('https://evil.example/')
    const closed = win('file:///app/index.html', true)
    const emit = createWindowEmitter(() => [ours, foreign, closed], (url) => url.startsWith('file:///app/'))
    const progress = { runId: 'r', fraction: 0.25, elapsedMs: 5, etaMs: 15 }
    emit('restore:progress', progress)
    expect(ours.send).toHaveBeenCalledWith('restore:progress', progress)
    expect(foreign.send).not.toHaveBeenCalled()
    expect(closed.send).not.toHaveBeenCalled()
  })
})

describe('native folder picker', () => {
  it('returns the chosen folder, or null when dismissed', async () => {
    const answers = [{ canceled: false, filePaths: ['/home/u/data'] }, { canceled: true, filePaths: [] }]
    const showOpenDialog = vi.fn(async () => answers.shift()!)
    const pick = createFolderPicker({ showOpenDialog } as never, () => ({}) as BrowserWindow)
    expect(await pick()).toBe('/home/u/data')
    expect(await pick()).toBeNull()
    expect(showOpenDialog.mock.calls[0]).toEqual([{}, expect.objectContaining({ properties: ['openDirectory'] })])
  })
})
