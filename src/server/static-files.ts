import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import path from 'node:path'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2'
}

/** Resolves a URL path inside `root`, or undefined when it would escape it (traversal, NUL bytes). */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const target = path.resolve(root, '.' + path.posix.normalize('/' + decoded))
  const rel = path.relative(root, target)
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : target
}

/** Serves the built renderer from `root`; unknown paths fall back to index.html (single-page app). */
export async function serveStatic(root: string, urlPath: string, response: ServerResponse, csp: string): Promise<void> {
  let file = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath)
  if (!file) {
    response.writeHead(400).end('Bad path')
    return
  }
  const info = await stat(file).catch(() => undefined)
  if (!info?.isFile()) file = path.join(root, 'index.html')
  const index = await stat(file).catch(() => undefined)
  if (!index?.isFile()) {
    response.writeHead(500, { 'content-type': 'text/plain' }).end(
      `The UI is not built (${file} is missing). Run "npm run build" first.`
    )
    return
  }
  response.writeHead(200, {
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store'
  })
  createReadStream(file).pipe(response)
}
