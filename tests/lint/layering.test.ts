import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

/** Lints `code` as if it were the file at `filePath` and returns the no-restricted-imports messages. */
async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('import layering (DESIGN.md §1) is enforced by npm run lint', () => {
  it.each([
    ['src/core/engine/bad.ts', "import { app } from 'electron'\nexport const x = app"],
    ['src/core/tiff/bad.ts', "import { ipcMain } from 'electron'\nexport const x = ipcMain"],
    ['src/shared/bad.ts', "import { readFileSync } from 'node:fs'\nexport const x = readFileSync"],
    ['src/shared/bad.ts', "import * as tf from '@tensorflow/tfjs'\nexport const x = tf"],
    ['src/core/tiff/bad.ts', "import * as tf from '@tensorflow/tfjs'\nexport const x = tf"],
    ['src/core/tiff/bad.ts', "import { initBackend } from '../engine'\nexport const x = initBackend"],
    ['src/core/restore/bad.ts', "import * as tf from '@tensorflow/tfjs'\nexport const x = tf"],
    ['src/core/system/bad.ts', "import { startServer } from '../../server'\nexport const x = startServer"],
    ['src/renderer/src/bad.ts', "import { initBackend } from '../../core/engine'\nexport const x = initBackend"],
    ['src/renderer/src/bad.ts', "import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer"],
    ['src/preload/bad.ts', "import fs from 'node:fs'\nexport const x = fs"],
    ['src/server/bad.ts', "import { selectBackend } from '../core/engine/tf'\nexport const x = selectBackend"],
    ['src/cli/bad.ts', "import { app } from 'electron'\nexport const x = app"]
  ])('%s: %s is refused', async (file, code) => {
    expect(await layeringErrors(file, code)).not.toEqual([])
  })

  it.each([
    ['src/core/engine/tf.ts', "import * as tf from '@tensorflow/tfjs'\nexport const x = tf"],
    ['src/core/system/ok.ts', "import { initBackend } from '../engine'\nexport const x = initBackend"],
    ['src/main/ok.ts', "import { app } from 'electron'\nimport { initBackend } from '../core/engine'\nexport const x = [app, initBackend]"],
    ['src/preload/ok.ts', "import { contextBridge } from 'electron'\nimport type { AppApi } from '../shared/ipc'\nexport const x: AppApi | typeof contextBridge | undefined = undefined"],
    ['src/renderer/src/ok.ts', "import type { AppInfo } from '../../shared/app-info'\nexport const x: AppInfo | undefined = undefined"]
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([])
  })
})
