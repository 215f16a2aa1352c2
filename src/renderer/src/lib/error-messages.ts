/** Readable UI text for the coded errors that cross the contract (STYLE.md rule 12: the renderer maps codes). */
import type { ErrorCode, ErrorInfo } from '../../../shared/errors'

const TITLES: Record<ErrorCode, string> = {
  'bad-request': 'The request was not valid.',
  'not-found': 'The file or folder does not exist (any more).',
  unauthorized: 'This page is not signed in to the app server. Open the link that "cvdm serve" printed (it carries the token).',
  'forbidden-sender': 'This window is not allowed to talk to the app.',
  'forbidden-path': 'That location is outside the folders this app may open. Start "cvdm serve --root <folder>" to allow another folder.',
  'unknown-channel': 'The app server does not know this request; the UI and the server may be different versions.',
  cancelled: 'The operation was cancelled.',
  'already-exists': 'Something with that name already exists. Pick another name.',
  'read-only': 'This item is read-only (shipped with the app) and cannot be changed or removed.',
  busy: 'Another run is using this right now. Wait for it to finish or stop it first.',
  internal: 'Something went wrong inside the app (a bug). Please report it with the details below.',
  'backend-unavailable': 'The compute backend is not available on this machine.',
  'engine-crashed': 'The compute engine stopped unexpectedly.',
  'out-of-memory': 'The compute engine ran out of memory. Try smaller tiles or fewer samples.',
  'io-error': 'The file could not be read or written.',
  'disk-full': 'The disk is full.',
  'not-tiff': 'This file is not a TIFF image.',
  truncated: 'The file is truncated (shorter than its header says); it may still be copying or be damaged.',
  'ifd-loop': 'The TIFF is damaged: its page list loops back on itself.',
  'bad-offset': 'The TIFF is damaged: it points outside the file.',
  'unsupported-compression': 'This TIFF uses a compression the app cannot decode yet. Save it uncompressed, LZW, Deflate or PackBits (e.g. in Fiji).',
  'unsupported-sample-format': 'This TIFF stores pixels in a format the app cannot show (e.g. complex or 64-bit integer).',
  'unsupported-layout': 'This TIFF arranges its pixels in a way the app cannot read yet (e.g. RGB or tiled with an unusual layout).',
  'too-large': 'The image is too large to load here.',
  'bad-metadata': 'The file\'s metadata could not be understood.',
  'bad-pairs': 'The image pairs cannot be used for training (see the listed problems).',
  'bad-model': 'The model file is not valid.'
}

/** A readable message for a coded error: what happened (from the code) and the host's own detail. */
export function describeError(error: ErrorInfo): { title: string; detail: string } {
  const title = (TITLES as Partial<Record<string, string>>)[error.code] ?? 'Something went wrong.'
  return { title, detail: error.message }
}
