import { existsSync } from 'node:fs'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

/** Finds a system Chromium (CHROMIUM_PATH wins); throws a clear, actionable message when there is none. */
export function findChromium(): string {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : CANDIDATES
  const found = candidates.find((candidate) => existsSync(candidate))
  if (!found) {
    throw new Error(
      `No Chromium found (looked for ${candidates.join(', ')}). Install it with "sudo apt-get install -y chromium" ` +
        'or point CHROMIUM_PATH at a Chromium/Chrome executable.'
    )
  }
  return found
}

/** Flags for a headless Chromium on a closed network, as root, without a GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]
