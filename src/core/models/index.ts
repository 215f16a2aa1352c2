/** Public API of the model registry (locating models; import/export/lineage come with the registry work). */
export { DEFAULT_MODEL_ID, hashModelDir, locateModel } from './locate'
export type { ModelDirs, ModelLocation } from './locate'
