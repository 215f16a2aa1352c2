/** Where the Electron binary is, or why it isn't there (never triggers a download). */
export function findElectronBinary(): { found: boolean; path?: string; reason?: string; packageDir?: string }
