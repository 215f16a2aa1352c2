// `npm run app`: builds the desktop app and starts it. Electron 45 fetches its binary on first use; where that
// download is impossible (no internet), this says what is missing and how to get it instead of a stack trace.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { createRequire } from 'node:module'

const { findElectronBinary } = createRequire(import.meta.url)('./electron-binary.cjs')

const root = path.resolve(import.meta.dirname, '..')
let binary = findElectronBinary()
if (!binary.found && binary.packageDir) {
  console.log(`Electron binary not found (${binary.reason}); downloading it once…`)
  const install = spawnSync(process.execPath, [path.join(binary.packageDir, 'install.js')], { stdio: 'inherit', timeout: 600_000 })
  binary = install.status === 0 ? findElectronBinary() : binary
}
if (!binary.found) {
  console.error(`
CVDM Studio's desktop window needs the Electron 45 binary, which is not on this machine
(${binary.reason}) and could not be downloaded (no internet access?).

To get it, do one of:
  - on a machine with internet:   npx install-electron      (then run npm run app again)
  - offline: download electron-v45-<platform>-<arch>.zip from https://github.com/electron/electron/releases,
    unzip it and run:   ELECTRON_OVERRIDE_DIST_PATH=/path/to/unzipped npm run app

Meanwhile the same app runs in your browser:   npx cvdm serve   (after npm run build)
`)
  process.exit(1)
}
const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: root,
  stdio: 'inherit'
})
if (build.status !== 0) process.exit(build.status ?? 1)
const run = spawnSync(binary.path, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
process.exit(run.status ?? 0)
