/**
 * Sharding for clusters: each file belongs to exactly one of n shards by a stable hash of its path relative
 * to the input root, so n independent processes (a SLURM array) split a folder with no coordination, and a
 * file added later lands in exactly one shard.
 */
import { CodedError } from '../../shared/errors'
import type { Shard } from './types'

/** 32-bit FNV-1a over the UTF-8 bytes of `text` (http://www.isthe.com/chongo/tech/comp/fnv/). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash >>> 0
}

/** The shard (0 … count-1) of a `/`-separated relative path; separators are normalized first. */
export function shardOf(rel: string, count: number): number {
  return fnv1a32(rel.replace(/\\/g, '/')) % count
}

/** Is `rel` in `shard`? Without a shard every file is. */
export function inShard(rel: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(rel, shard.count) === shard.index
}

/**
 * Parses `i/n` (0 ≤ i < n ≤ 100000).
 * @throws CodedError `bad-request` with the accepted form
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  const index = m ? Number(m[1]) : NaN
  const count = m ? Number(m[2]) : NaN
  if (!m || count < 1 || count > 100_000 || index >= count) {
    throw new CodedError('bad-request', `Bad shard "${text}": expected i/n with 0 ≤ i < n (e.g. 0/10 for the first of 10).`)
  }
  return { index, count }
}
