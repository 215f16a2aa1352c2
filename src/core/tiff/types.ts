/** Shared types of the TIFF module: dtypes, pixel arrays, page descriptions and the metadata model. */

/** Sample data types we decode to. `float16` files are widened to `float32` on read. */
export type DType = 'uint8' | 'uint16' | 'uint32' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64'

/** The typed array that holds samples of a {@link DType}, always in the host's (little-endian) byte order. */
export type PixelArray =
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array

/** Compression schemes this module can decode (TIFF tag 259 values). */
export type CompressionName = 'none' | 'lzw' | 'deflate' | 'packbits'

/**
 * One decoded image plane (one TIFF page, or one plane of ImageJ's single-IFD layout).
 * Samples of a pixel are interleaved (`[y][x][s]`, tifffile's `YXS`), whatever the file's PlanarConfiguration.
 */
export interface Raster {
  width: number
  height: number
  /** Samples per pixel: 1 for grayscale, 3 for RGB, 4 for RGBA. */
  samples: number
  dtype: DType
  /** `height * width * samples` values, row-major, host byte order. */
  data: PixelArray
}

/** What the reader knows about one page without decoding it. */
export interface PageInfo {
  /** Page index in the file (0-based). */
  index: number
  width: number
  height: number
  samples: number
  dtype: DType
  /** Bits per sample as stored (1, 8, 16, 32, 64; 16 for float16). */
  bitsPerSample: number
  compression: CompressionName
  /** 1 (none), 2 (horizontal differencing) or 3 (floating point). */
  predictor: number
  /** 1 = chunky (interleaved samples), 2 = planar (one plane per sample). */
  planarConfig: number
  /** Photometric interpretation (0 min-is-white, 1 min-is-black, 2 RGB, 3 palette, ...). */
  photometric: number
  /** Tile size when the page is tiled, else undefined (strips). */
  tile?: { width: number; height: number }
  /** Rows per strip (strip layout) or tile height (tiled layout). */
  rowsPerStrip: number
  /** NewSubfileType bits (1 = reduced resolution, 2 = page of multi-page, 4 = mask). */
  subfileType: number
}

/** Axis letters of the metadata model, slowest first: T (time), Z (depth), C (channel), Y, X, S (RGB samples). */
export type Axis = 'T' | 'Z' | 'C' | 'Y' | 'X' | 'S'

/** Display settings and name of one channel. */
export interface ChannelInfo {
  name?: string
  /** Display range `[min, max]` in sample units (a view setting, never applied to data). */
  displayRange?: [number, number]
  /** Lookup table: 256 entries each of red, green, blue (768 bytes, planar r..., g..., b...). */
  lut?: Uint8Array
}

/** Physical calibration. Sizes are per pixel (x, y) and per slice (z), in `unit`. */
export interface PhysicalSize {
  x?: number
  y?: number
  z?: number
  /** Length unit, normalized: 'µm', 'nm', 'mm', 'cm', 'm', 'inch', or what the file said. */
  unit?: string
}

/** Where the metadata model came from. */
export type MetadataSource = 'imagej' | 'ome' | 'tiff'

/**
 * The metadata model of a TIFF file: one image (series), described as a TZCYX(S) hyperstack.
 * `axes` lists only the axes present (size > 1, plus Y and X always); `sizes` has an entry for each.
 */
export interface ImageMetadata {
  /** Axes, slowest first, e.g. 'TZCYX', 'ZYX', 'YXS'. */
  axes: string
  sizes: Partial<Record<Axis, number>>
  dtype: DType
  physicalSize: PhysicalSize
  /** Time between frames in seconds. */
  timeInterval?: number
  channels: ChannelInfo[]
  source: MetadataSource
  /** Number of planes (T × Z × C). */
  planeCount: number
  /** Things a user should know (e.g. an ImageJ stack cut short by a truncated file). */
  warnings: string[]
  /** The `Software` tag of the first page, if any. */
  software?: string
}

/** Index of a plane in T, Z, C coordinates (each 0-based; missing ones are 0). */
export interface PlaneCoord {
  t?: number
  z?: number
  c?: number
}
