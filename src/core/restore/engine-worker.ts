/**
 * Entry of the engine worker process (DESIGN.md §2): serves the restore engine's methods over the fork IPC channel.
 * Started by {@link RestoreEngine} (./engine-host) through ./engine-worker-boot.cjs from the sources, or as
 * out/main/engine-worker.js in the electron-vite build. It exits as soon as its parent goes away (even kill -9):
 * the IPC channel closes, 'disconnect' fires, and no orphan keeps computing.
 */
import { processPort, serveWorker } from '../worker'
import { engineWorkerMethods } from './engine-methods'

if (!process.send) {
  process.stderr.write('The CVDM engine worker must be started by the app (it talks over an IPC channel).\n')
  process.exit(2)
}
process.on('disconnect', () => process.exit(0))
serveWorker(processPort(), engineWorkerMethods())
