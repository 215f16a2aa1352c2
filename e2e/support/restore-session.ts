/**
 * The shared setup of the restore-flow specs: a fresh restore fixture (tiny model in a temporary CVDM_HOME), `cvdm
 * serve` on it and a Chromium to drive it, created before the spec's tests and removed after them.
 */
import { chromium, test, type Browser } from '@playwright/test'
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { CHROMIUM_ARGS, findChromium } from './chromium'
import { prepareRestoreFixture, type RestoreFixture } from './restore-fixtures'
import { startServe, type ServedApp } from './serve'

/** Where the specs save screenshots. */
export const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts')

/** What the specs use; filled in by the beforeAll hook that {@link useRestoreSession} registers. */
export interface RestoreSession {
  app: ServedApp
  browser: Browser
  fixture: RestoreFixture
}

/** Registers the beforeAll/afterAll hooks of a restore spec and returns the session they fill in. */
export function useRestoreSession(): RestoreSession {
  const session = {} as RestoreSession
  test.beforeAll(async () => {
    test.setTimeout(60_000)
    mkdirSync(ARTIFACTS, { recursive: true })
    session.fixture = prepareRestoreFixture()
    session.app = await startServe([], { CVDM_HOME: session.fixture.home, CVDM_WASM_THREADS: '1' }, ['--root', session.fixture.data])
    session.browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS })
  })
  test.afterAll(async () => {
    await session.browser?.close()
    await session.app?.stop()
    if (session.fixture) rmSync(session.fixture.dir, { recursive: true, force: true })
  })
  return session
}
