/**
 * Public API of the TIFF module: lazy random-access reading of TIFF/BigTIFF (ImageJ, OME metadata) and
 * streaming ImageJ/OME-compatible writing. Import from here only.
 */
export { TiffReader, type OpenOptions } from './reader'
export type { Axis, ChannelInfo, CompressionName, DType, ImageMetadata, MetadataSource, PageInfo, PhysicalSize, PixelArray, PlaneCoord, Raster } from './types'
export { TiffWriter } from './writer/tiff-writer'
export type { WriteOptions, WritableDType } from './writer/options'
