/**
 * Reading and writing the latent cache (format in latent-file.ts): `<data-dir>/latents/<stage1-run>/<session>.bin`
 * + `.json`, keyed by stage-1 run id + session key (a DB session id, or `<dataset-hash16>-<clip>` for dataset clips).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { decodeLatents, encodeLatents, parseLatentHeader, type LatentDtype, type LatentHeader, type LatentMeta, type SessionLatentData } from './latent-file'

const SAFE = /^[A-Za-z0-9._-]{1,160}$/

export function latentPaths(latentsRoot: string, stage1Run: string, session: string): { dir: string; bin: string; json: string } {
  for (const [what, v] of [['stage-1 run id', stage1Run], ['session key', session]] as const) {
    if (!SAFE.test(v) || v === '.' || v === '..') throw new AppError('INVALID_ARGUMENT', `latent cache: ${what} '${v}' is not a plain file name`)
  }
  const dir = join(latentsRoot, stage1Run)
  return { dir, bin: join(dir, `${session}.bin`), json: join(dir, `${session}.json`) }
}

/** The header of a cache entry, or null when there is none. */
export function readLatentHeader(latentsRoot: string, stage1Run: string, session: string): LatentHeader | null {
  const p = latentPaths(latentsRoot, stage1Run, session)
  if (!existsSync(p.json)) return null
  return parseLatentHeader(readFileSync(p.json, 'utf8'), p.json)
}

/**
 * A cache entry, or null when there is none. Throws CONFLICT when it was computed from other stage-1 weights than
 * `weightsHash` (stale), PARSE_ERROR when damaged.
 */
export function readLatents(latentsRoot: string, stage1Run: string, session: string, weightsHash: string): SessionLatentData | null {
  const p = latentPaths(latentsRoot, stage1Run, session)
  const header = readLatentHeader(latentsRoot, stage1Run, session)
  if (!header) return null
  if (!existsSync(p.bin)) throw new AppError('PARSE_ERROR', `${p.bin}: missing (the header ${p.json} has no payload)`)
  return decodeLatents(header, readFileSync(p.bin), p.bin, weightsHash)
}

/** Writes an entry atomically: payload then header, each by temp file + rename. Returns the header. */
export function writeLatents(latentsRoot: string, meta: LatentMeta, data: Float32Array, valid: Uint8Array, dims: number, dtype: LatentDtype = 'float16'): LatentHeader {
  const p = latentPaths(latentsRoot, meta.stage1Run, meta.session)
  const { header, payload } = encodeLatents(meta, data, valid, dims, dtype)
  mkdirSync(p.dir, { recursive: true })
  rmSync(p.json, { force: true }) // an old header must never describe the new payload
  const tag = `${process.pid}-${Date.now()}`
  try {
    writeFileSync(`${p.bin}.tmp-${tag}`, payload)
    renameSync(`${p.bin}.tmp-${tag}`, p.bin)
    writeFileSync(`${p.json}.tmp-${tag}`, JSON.stringify(header))
    renameSync(`${p.json}.tmp-${tag}`, p.json)
  } catch (e) {
    rmSync(`${p.bin}.tmp-${tag}`, { force: true })
    rmSync(`${p.json}.tmp-${tag}`, { force: true })
    if ((e as NodeJS.ErrnoException).code === 'ENOSPC') throw new AppError('DISK_FULL', `no space left for the latent cache in ${p.dir}`, { cause: e })
    throw e
  }
  return header
}
