import { stat } from 'node:fs/promises'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import type { ImageSummary, PlaneData, PlaneRequest } from '../../shared/image'
import { TiffReader, type ImageMetadata } from '../tiff'
import { resolveAllowedPath } from './allowed-roots'

/** Converts the TIFF module's metadata to the contract's summary (LUTs become names the viewer knows). */
export function toSummary(file: string, sizeBytes: number, meta: ImageMetadata, width: number, height: number): ImageSummary {
  return {
    path: file,
    name: path.basename(file),
    sizeBytes,
    width,
    height,
    dtype: meta.dtype,
    sizes: { t: meta.sizes.T ?? 1, z: meta.sizes.Z ?? 1, c: meta.sizes.C ?? 1 },
    physicalSize: { ...meta.physicalSize },
    channels: meta.channels.map((c) => ({ name: c.name, displayRange: c.displayRange, lut: c.lut ? lutName(c.lut) : undefined }))
  }
}

/** Names a 768-byte planar LUT when it is a pure primary/secondary ramp (ImageJ's Red/Green/…); else 'custom'. */
function lutName(lut: Uint8Array): string {
  const top = [lut[255], lut[511], lut[767]].map((v) => v > 200)
  const names: Record<string, string> = { '100': 'red', '010': 'green', '001': 'blue', '110': 'yellow', '101': 'magenta', '011': 'cyan', '111': 'gray' }
  return names[top.map(Number).join('')] ?? 'custom'
}

/**
 * Reads TIFF metadata and planes for the UI, only inside the allowed roots. Each call opens and closes the file
 * (reads are lazy: only the IFD chain and the requested plane are touched).
 */
export class ImageService {
  constructor(private readonly roots: () => string[]) {}

  /** Metadata of a TIFF (no pixels). */
  async summary(untrustedPath: string): Promise<ImageSummary> {
    const file = await resolveAllowedPath(untrustedPath, this.roots())
    const reader = await TiffReader.open(file)
    try {
      const page = reader.pageInfo(0)
      return toSummary(file, (await stat(file)).size, reader.metadata, page.width, page.height)
    } finally {
      await reader.close()
    }
  }

  /** One plane as float32 (RGB is refused: the viewer shows one channel at a time). */
  async plane(request: PlaneRequest): Promise<PlaneData> {
    const file = await resolveAllowedPath(request.path, this.roots())
    const reader = await TiffReader.open(file)
    try {
      const raster = await reader.readPlane({ t: request.t, z: request.z, c: request.c })
      if (raster.samples !== 1) throw new CodedError('unsupported-layout', `${path.basename(file)} has ${raster.samples} samples per pixel (RGB); only single-channel planes can be shown.`)
      const data = raster.data instanceof Float32Array ? raster.data : Float32Array.from(raster.data as ArrayLike<number>)
      let min = Infinity
      let max = -Infinity
      for (const v of data) {
        if (v < min) min = v
        if (v > max) max = v
      }
      return { width: raster.width, height: raster.height, dtype: raster.dtype, data, min, max }
    } finally {
      await reader.close()
    }
  }
}
