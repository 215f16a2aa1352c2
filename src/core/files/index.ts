/** Public API of file access for the UI: allowed roots, folder listing, TIFF summaries, planes and thumbnails. */
export { isInside, resolveAllowedPath } from './allowed-roots'
export { listDir } from './list-dir'
export { ImageService, toSummary } from './image-service'
export { ThumbnailService, autoRange, downsampleArea, toGray8 } from './thumbnail'
