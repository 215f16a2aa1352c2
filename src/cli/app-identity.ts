import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { AppIdentity } from '../core/system'

/** The repository / package root (this file lives in src/cli or out/cli). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..')

/** Reads name and version from the package's package.json. */
export function readAppIdentity(root = PACKAGE_ROOT): AppIdentity {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as AppIdentity
  return { name: pkg.name, version: pkg.version }
}
