'use strict'
// Finds the Electron binary without triggering electron's lazy download (require('electron') would start one).
const { existsSync, readFileSync } = require('node:fs')
const path = require('node:path')

/** @returns {{ found: boolean, path?: string, reason?: string, packageDir?: string }} */
function findElectronBinary() {
  let packageDir
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'))
  } catch {
    return { found: false, reason: 'the "electron" npm package is not installed (run npm ci)' }
  }
  const pathFile = path.join(packageDir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron')
    return existsSync(p) ? { found: true, path: p, packageDir } : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${p}`, packageDir }
  }
  if (!relative) return { found: false, reason: 'the Electron binary has not been downloaded yet', packageDir }
  const full = path.join(packageDir, 'dist', relative)
  return existsSync(full) ? { found: true, path: full, packageDir } : { found: false, reason: `${full} is missing`, packageDir }
}

module.exports = { findElectronBinary }
