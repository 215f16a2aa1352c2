/** Plain-data descriptions of images and folders that cross the contract (no typed-array views, no classes). */

/** Pixel types the app reads and shows. */
export type PixelType = 'uint8' | 'uint16' | 'uint32' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64'

/** Physical calibration of an image (µm unless `unit` says otherwise). */
export interface PhysicalSize {
  x?: number
  y?: number
  z?: number
  unit?: string
}

/** A TIFF as the file browser and viewer see it. */
export interface ImageSummary {
  path: string
  name: string
  sizeBytes: number
  width: number
  height: number
  dtype: PixelType
  /** Hyperstack sizes (1 when absent). */
  sizes: { t: number; z: number; c: number }
  physicalSize: PhysicalSize
  /** Per channel: name, display range and LUT name when the file says so. */
  channels: { name?: string; displayRange?: [number, number]; lut?: string }[]
}

/** One plane of a hyperstack, by index. */
export interface PlaneRequest {
  path: string
  t: number
  z: number
  c: number
}

/** Pixel data of one plane as float32 (exact for every integer type up to 24 bits and for float32). */
export interface PlaneData {
  width: number
  height: number
  /** The file's pixel type (values are converted to float32 for transport and display). */
  dtype: PixelType
  /** Float32Array [height · width], row-major. */
  data: Float32Array
  min: number
  max: number
}

/** One entry of a folder listing. */
export interface DirEntry {
  name: string
  path: string
  kind: 'dir' | 'tiff'
  sizeBytes: number
}

/** A folder's sub-folders and TIFF files, restricted to the allowed roots. */
export interface DirListing {
  path: string
  /** The parent folder, when it is still inside an allowed root. */
  parent?: string
  entries: DirEntry[]
  /** Folders the host lets the UI browse. */
  roots: string[]
}

/** Smallest and largest side accepted for a file-browser thumbnail (pixels). */
export const THUMBNAIL_SIDE_RANGE: readonly [number, number] = [16, 256]

/** A small 8-bit gray preview of a TIFF (middle Z plane of the first channel and time point, auto-contrasted). */
export interface Thumbnail {
  /** Width and height in pixels, the longer side ≤ the requested max side (aspect ratio kept). */
  width: number
  height: number
  /** Uint8Array [height · width], row-major, 0 (black) … 255 (white). */
  data: Uint8Array
}
