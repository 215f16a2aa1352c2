/** Where CVDM Studio keeps its data (the job store among it), following each OS's convention. */
import * as os from 'node:os'
import * as path from 'node:path'

/** The app's folder name inside the OS data folder. */
export const APP_DIR_NAME = 'cvdm-studio'

/**
 * The app data folder: `CVDM_HOME` if set; else Linux `$XDG_DATA_HOME/cvdm-studio` (default
 * `~/.local/share/cvdm-studio`), macOS `~/Library/Application Support/cvdm-studio`, Windows
 * `%APPDATA%\cvdm-studio`. Pure: takes the environment, platform and home folder as arguments.
 */
export function appHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir()
): string {
  if (env.CVDM_HOME) return path.resolve(env.CVDM_HOME)
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_DIR_NAME)
  const xdg = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share')
  return path.join(xdg, APP_DIR_NAME)
}

/** The job store's folder inside the app data folder. */
export function jobsHome(home: string = appHome()): string {
  return path.join(home, 'jobs')
}
