/**
 * WebGL2 renderer: each plane (channel) is uploaded once as R32F textures (tiled when larger than MAX_TEXTURE_SIZE, uploaded
 * straight from the Float32Array with UNPACK_ROW_LENGTH/SKIP so no copy is made); the fragment shader applies the
 * display range and the LUT (a 256 × 1 RGBA texture). Layers after the first are added (blend ONE, ONE), like an
 * ImageJ composite. R32F is core in WebGL2 but not filterable, so sampling is nearest (texelFetch), which is also
 * what a microscopist wants to see when zoomed in.
 */
import { tileGrid } from '../../lib/tiles'
import { clipTransform, type Size, type ViewState } from '../../lib/view-transform'
import { BACKGROUND_RGB, type LayerStyle, type PlanePixels, type PlaneRenderer } from './plane-renderer'

const VERTEX = `#version 300 es
in vec2 aCorner;
uniform vec4 uTile;
uniform vec2 uScale;
uniform vec2 uOffset;
out vec2 vUv;
void main() {
  vec2 image = uTile.xy + aCorner * uTile.zw;
  vUv = aCorner;
  gl_Position = vec4(image * uScale + uOffset, 0.0, 1.0);
}`

// Same rule as lib/lut.ts lutIndex(): floor((v - min) / (max - min) * 256) clamped to 0..255, NaN -> 0.
const FRAGMENT = `#version 300 es
precision highp float;
precision highp sampler2D;
uniform sampler2D uData;
uniform sampler2D uLut;
uniform vec2 uRange;
uniform ivec2 uSize;
in vec2 vUv;
out vec4 outColor;
void main() {
  // texelFetch, not texture(): exact nearest texel, and about twice as fast on SwiftShader (software GL).
  ivec2 texel = clamp(ivec2(floor(vUv * vec2(uSize))), ivec2(0), uSize - 1);
  float v = texelFetch(uData, texel, 0).r;
  float span = uRange.y - uRange.x;
  float t = span > 0.0 ? (v - uRange.x) * 256.0 / span : (v >= uRange.y ? 256.0 : 0.0);
  int index = isnan(v) ? 0 : int(clamp(floor(t), 0.0, 255.0));
  outColor = vec4(texelFetch(uLut, ivec2(index, 0), 0).rgb, 1.0);
}`

interface Tile {
  x: number
  y: number
  width: number
  height: number
  texture: WebGLTexture
}

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!
  gl.shaderSource(shader, source)
  gl.compileShader(shader)
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`Shader: ${gl.getShaderInfoLog(shader)}`)
  return shader
}

/** A {@link PlaneRenderer} on a WebGL2 context. Throws if the shaders don't compile. */
export function createWebglPlaneRenderer(gl: WebGL2RenderingContext, transparent = false): PlaneRenderer {
  const program = gl.createProgram()!
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX))
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT))
  gl.linkProgram(program)
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`Program: ${gl.getProgramInfoLog(program)}`)
  const u = (name: string): WebGLUniformLocation | null => gl.getUniformLocation(program, name)
  const uniforms = { tile: u('uTile'), scale: u('uScale'), offset: u('uOffset'), data: u('uData'), lut: u('uLut'), range: u('uRange'), size: u('uSize') }

  const vao = gl.createVertexArray()
  gl.bindVertexArray(vao)
  const corners = gl.createBuffer()
  gl.bindBuffer(gl.ARRAY_BUFFER, corners)
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), gl.STATIC_DRAW)
  const location = gl.getAttribLocation(program, 'aCorner')
  gl.enableVertexAttribArray(location)
  gl.vertexAttribPointer(location, 2, gl.FLOAT, false, 0, 0)
  gl.bindVertexArray(null)

  const newTexture = (): WebGLTexture => {
    const texture = gl.createTexture()!
    gl.bindTexture(gl.TEXTURE_2D, texture)
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST)
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST)
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE)
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE)
    return texture
  }
  /** One plane on the GPU: its tiles, its LUT texture and range. */
  interface Layer {
    plane: PlanePixels
    tiles: Tile[]
    lut: WebGLTexture
    lutTable?: Uint8Array
    range: [number, number]
  }
  let layers: Layer[] = []
  const probe = new Uint8Array(4)
  const maxTile = Math.min(gl.getParameter(gl.MAX_TEXTURE_SIZE) as number, 8192)

  function upload(plane: PlanePixels): Tile[] {
    const tiles: Tile[] = []
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4)
    gl.pixelStorei(gl.UNPACK_ROW_LENGTH, plane.width)
    for (const { x, y, width, height } of tileGrid(plane.width, plane.height, maxTile)) {
      const texture = newTexture()
      gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, x)
      gl.pixelStorei(gl.UNPACK_SKIP_ROWS, y)
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.R32F, width, height, 0, gl.RED, gl.FLOAT, plane.data)
      tiles.push({ x, y, width, height, texture })
    }
    gl.pixelStorei(gl.UNPACK_ROW_LENGTH, 0)
    gl.pixelStorei(gl.UNPACK_SKIP_PIXELS, 0)
    gl.pixelStorei(gl.UNPACK_SKIP_ROWS, 0)
    const status = gl.getError()
    if (status !== gl.NO_ERROR) {
      tiles.forEach((tile) => gl.deleteTexture(tile.texture))
      throw new Error(`The GPU refused a ${plane.width} × ${plane.height} float texture (GL error ${status}).`)
    }
    return tiles
  }

  function free(layer: Layer): void {
    layer.tiles.forEach((tile) => gl.deleteTexture(tile.texture))
    gl.deleteTexture(layer.lut)
  }

  return {
    kind: 'webgl2',
    setPlanes(planes: PlanePixels[]) {
      const kept = new Set<Layer>()
      const next: Layer[] = []
      try {
        for (const plane of planes) {
          const old = layers.find((layer) => layer.plane === plane && !kept.has(layer))
          if (old) kept.add(old)
          next.push(old ?? { plane, tiles: upload(plane), lut: newTexture(), range: [0, 1] })
        }
      } finally {
        layers.filter((layer) => !kept.has(layer)).forEach(free)
        layers = next
      }
    },
    setStyles(styles: LayerStyle[]) {
      layers.forEach((layer, i) => {
        const style = styles[i]
        if (!style) return
        layer.range = [style.range[0], style.range[1]]
        if (layer.lutTable === style.lut) return
        layer.lutTable = style.lut
        gl.bindTexture(gl.TEXTURE_2D, layer.lut)
        gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1)
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, 256, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, style.lut)
      })
    },
    draw(view: ViewState, viewport: Size, dpr: number, sync = false) {
      gl.viewport(0, 0, viewport.width, viewport.height)
      if (transparent) gl.clearColor(0, 0, 0, 0)
      else gl.clearColor(BACKGROUND_RGB[0] / 255, BACKGROUND_RGB[1] / 255, BACKGROUND_RGB[2] / 255, 1)
      gl.clear(gl.COLOR_BUFFER_BIT)
      const shown = layers.filter((layer) => layer.lutTable)
      if (shown.length) {
        gl.useProgram(program)
        gl.bindVertexArray(vao)
        const { scale, offset } = clipTransform(view, viewport, dpr)
        gl.uniform2f(uniforms.scale, scale[0], scale[1])
        gl.uniform2f(uniforms.offset, offset[0], offset[1])
        gl.uniform1i(uniforms.data, 0)
        gl.uniform1i(uniforms.lut, 1)
        gl.blendFunc(gl.ONE, gl.ONE)
        shown.forEach((layer, i) => {
          // The first layer replaces the background; the others add to it.
          if (i === 0) gl.disable(gl.BLEND)
          else gl.enable(gl.BLEND)
          gl.uniform2f(uniforms.range, layer.range[0], layer.range[1])
          gl.activeTexture(gl.TEXTURE1)
          gl.bindTexture(gl.TEXTURE_2D, layer.lut)
          gl.activeTexture(gl.TEXTURE0)
          for (const tile of layer.tiles) {
            gl.bindTexture(gl.TEXTURE_2D, tile.texture)
            gl.uniform4f(uniforms.tile, tile.x, tile.y, tile.width, tile.height)
            gl.uniform2i(uniforms.size, tile.width, tile.height)
            gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4)
          }
        })
        gl.disable(gl.BLEND)
        gl.bindVertexArray(null)
      }
      // readPixels blocks until the GPU is done (finish() need not), so timed frames include the real work.
      if (sync) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, probe)
    },
    dispose() {
      layers.forEach(free)
      layers = []
      gl.deleteBuffer(corners)
      gl.deleteVertexArray(vao)
      gl.deleteProgram(program)
    }
  }
}
