/** Public API of file access for the UI: allowed roots, folder listing, TIFF summaries and planes. */
export { isInside, resolveAllowedPath } from './allowed-roots'
export { listDir } from './list-dir'
export { ImageService, toSummary } from './image-service'
