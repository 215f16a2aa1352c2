/**
 * Writes a random-weight cvdm-xs model (sr2x) into `<dir>` for e2e restores: untrained, so its output is noise-like,
 * but it exercises the whole path (registry, engine worker, tiling, K samples, std output) in well under a second per
 * 32² tile. Run as `node --require tsx/cjs e2e/support/make-tiny-model.ts <dir>`.
 */
import { createModel, initBackend, saveModel } from '../../src/core/engine'

async function main(dir: string): Promise<void> {
  await initBackend()
  const model = createModel('cvdm-xs', { seed: 11 })
  await saveModel(model, dir)
  model.dispose()
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
