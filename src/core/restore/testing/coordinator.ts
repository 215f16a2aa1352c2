/**
 * A throw-away coordinator for the orphan test: starts a long restore in the engine worker, prints the worker's
 * pid as one JSON line once the run is under way, and waits to be killed.
 * argv: model folder, input TIFF, output folder.
 */
import { RestoreEngine } from '../engine-host'

const [model, input, outDir] = process.argv.slice(2)
const engine = new RestoreEngine()
let told = false
void engine
  .restore(
    { model, modelDirs: { builtIn: outDir }, input, outDir, sampler: { steps: 500, samples: 4 }, tile: 32, overlap: 8, app: { name: 'test', version: '0' } },
    {
      onProgress: () => {
        if (told) return
        told = true
        process.stdout.write(JSON.stringify({ worker: engine.workerPid }) + '\n')
      }
    }
  )
  .catch((error: unknown) => process.stderr.write(`coordinator: ${String(error)}\n`))
