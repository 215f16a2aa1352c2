/** Draws 8-bit gray pixels on a canvas (thumbnails, fine-tune previews). */

/** Decodes base64 to bytes (the fine-tune preview's pixel encoding). */
export function base64Bytes(text: string): Uint8Array {
  const raw = atob(text)
  const out = new Uint8Array(raw.length)
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i)
  return out
}

/**
 * Paints `gray` (Uint8Array [height · width], row-major, 0…255) onto `canvas` at 1:1; a no-op where there is no 2D
 * canvas (jsdom) or the sizes don't match.
 */
export function drawGray(canvas: HTMLCanvasElement | undefined, gray: Uint8Array, width: number, height: number): void {
  if (!canvas || typeof ImageData === 'undefined' || gray.length !== width * height) return
  const ctx = canvas.getContext('2d')
  if (!ctx) return
  const rgba = new Uint8ClampedArray(width * height * 4)
  for (let i = 0; i < gray.length; i++) {
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = gray[i]
    rgba[i * 4 + 3] = 255
  }
  ctx.putImageData(new ImageData(rgba, width, height), 0, 0)
}
