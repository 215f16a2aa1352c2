/** Public API of the model registry: locating models by id or path, the registry (list/import/export/remove) and cards. */
export { DEFAULT_MODEL_ID, hashModelDir, locateModel } from './locate'
export type { ModelDirs, ModelLocation } from './locate'
export { checkModelId, MODEL_ID_PATTERN, ModelRegistry } from './registry'
export { CARD_FILE, CARD_FORMAT, CARD_VERSION, defaultCard, readCard, validateCard } from './card'
export type { CardTraining, ModelCard } from './card'
export { validateModelFolder } from './validate'
export type { ValidatedModel } from './validate'
