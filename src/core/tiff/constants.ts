/** TIFF tag numbers and field types used by the reader and writer (TIFF 6.0, BigTIFF, ImageJ, Adobe notes). */

/** Tag numbers by name. */
export const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  ImageDescription: 270,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  XResolution: 282,
  YResolution: 283,
  PlanarConfiguration: 284,
  ResolutionUnit: 296,
  Software: 305,
  DateTime: 306,
  Predictor: 317,
  ColorMap: 320,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  ExtraSamples: 338,
  SampleFormat: 339,
  ImageJMetaDataByteCounts: 50838,
  ImageJMetaData: 50839,
  /** Private tag (65000–65535 is the reusable private range) holding our provenance JSON. */
  CvdmProvenance: 65000
} as const

/** Field types (tag 'type' values) and their sizes in bytes. */
export const FIELD_TYPE_SIZE: Readonly<Record<number, number>> = {
  1: 1, // BYTE
  2: 1, // ASCII
  3: 2, // SHORT
  4: 4, // LONG
  5: 8, // RATIONAL
  6: 1, // SBYTE
  7: 1, // UNDEFINED
  8: 2, // SSHORT
  9: 4, // SLONG
  10: 8, // SRATIONAL
  11: 4, // FLOAT
  12: 8, // DOUBLE
  13: 4, // IFD
  16: 8, // LONG8 (BigTIFF)
  17: 8, // SLONG8
  18: 8 // IFD8
}

/** Field type numbers by name. */
export const FIELD = {
  BYTE: 1,
  ASCII: 2,
  SHORT: 3,
  LONG: 4,
  RATIONAL: 5,
  UNDEFINED: 7,
  DOUBLE: 12,
  LONG8: 16
} as const

/** Names of compression codes we refuse, so the error can name the codec. */
export const COMPRESSION_NAMES: Readonly<Record<number, string>> = {
  2: 'CCITT RLE',
  3: 'CCITT Group 3 fax',
  4: 'CCITT Group 4 fax',
  6: 'old-style JPEG',
  7: 'JPEG',
  9: 'JBIG',
  34661: 'JBIG',
  32809: 'ThunderScan',
  34676: 'SGI LogLuv',
  34712: 'JPEG 2000',
  33003: 'JPEG 2000 (Aperio)',
  33005: 'JPEG 2000 (Aperio)',
  34892: 'lossy JPEG (DNG)',
  34925: 'LZMA',
  34926: 'Zstandard',
  34927: 'WebP',
  50000: 'Zstandard',
  50001: 'WebP',
  50002: 'JPEG XL',
  52546: 'JPEG XL'
}
