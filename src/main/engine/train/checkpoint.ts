/**
 * Checkpoints: weights of G, D, C + Adam state + config + data hash + training history in ONE file, written
 * atomically (temp file in the same folder, fsync, rename over the old one): a failed or killed write leaves the
 * previous checkpoint intact. A sha256 of the payload in the header detects truncated or corrupted files.
 *
 * Layout: "CXCKPT1\n" | uint32 LE header length | header JSON | float32 LE payload.
 */
import { createHash } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Tensor } from '../tf'
import { getTf } from '../tf'
import { AppError } from '../../../shared/ipc/errors'

const MAGIC = Buffer.from('CXCKPT1\n', 'latin1')

export interface TensorEntry {
  readonly key: string
  readonly shape: readonly number[]
  /** Offset in float32 elements from the payload start. */
  readonly offset: number
  readonly length: number
}

export interface CheckpointData<M> {
  readonly meta: M
  /** Flat map of named float32 tensors (e.g. 'g/conv1/w', 'adam/g/m/conv1/w'). */
  readonly tensors: ReadonlyMap<string, { shape: readonly number[]; values: Float32Array }>
}

/** The file-writing primitive (injectable so tests can make a write fail half-way). */
export type WriteFn = (fd: number, data: Uint8Array) => void

const defaultWrite: WriteFn = (fd, data) => {
  let off = 0
  while (off < data.byteLength) off += writeSync(fd, data, off, data.byteLength - off)
}

/** Encodes a checkpoint to bytes. */
export function encodeCheckpoint<M>(data: CheckpointData<M>): Buffer {
  const entries: TensorEntry[] = []
  let offset = 0
  for (const [key, t] of data.tensors) {
    entries.push({ key, shape: [...t.shape], offset, length: t.values.length })
    offset += t.values.length
  }
  const payload = new Float32Array(offset)
  for (const e of entries) payload.set(data.tensors.get(e.key)!.values, e.offset)
  const payloadBuf = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
  const sha256 = createHash('sha256').update(payloadBuf).digest('hex')
  const header = Buffer.from(JSON.stringify({ version: 1, meta: data.meta, entries, sha256, elements: offset }), 'utf8')
  const len = Buffer.alloc(4)
  len.writeUInt32LE(header.byteLength, 0)
  return Buffer.concat([MAGIC, len, header, payloadBuf])
}

export class CheckpointError extends Error {}

/** The error of a step whose loss `name` came out non-finite (the weights were not updated); the last checkpoint stays. */
export function divergedError(name: string, value: number, epoch: number, step: number, lastPath: string): AppError {
  return new AppError(
    'JOB_FAILED',
    `training diverged: loss '${name}' is ${value} at epoch ${epoch}, step ${step}; stopped without updating the weights. ` +
      (epoch > 1 ? `The last good checkpoint (epoch ${epoch - 1}) is kept at ${lastPath}` : 'No checkpoint had been written yet')
  )
}

export function decodeCheckpoint<M>(buf: Buffer, path = 'checkpoint'): CheckpointData<M> {
  if (buf.byteLength < MAGIC.byteLength + 4 || !buf.subarray(0, MAGIC.byteLength).equals(MAGIC)) {
    throw new CheckpointError(`${path}: not a circumplex checkpoint`)
  }
  const hlen = buf.readUInt32LE(MAGIC.byteLength)
  const hstart = MAGIC.byteLength + 4
  if (hstart + hlen > buf.byteLength) throw new CheckpointError(`${path}: truncated header`)
  const header = JSON.parse(buf.subarray(hstart, hstart + hlen).toString('utf8')) as {
    version: number
    meta: M
    entries: TensorEntry[]
    sha256: string
    elements: number
  }
  const payloadBuf = buf.subarray(hstart + hlen)
  if (payloadBuf.byteLength !== header.elements * 4) throw new CheckpointError(`${path}: truncated payload (${payloadBuf.byteLength} of ${header.elements * 4} bytes)`)
  if (createHash('sha256').update(payloadBuf).digest('hex') !== header.sha256) throw new CheckpointError(`${path}: payload checksum mismatch`)
  const copy = new Uint8Array(payloadBuf.byteLength)
  copy.set(payloadBuf)
  const payload = new Float32Array(copy.buffer)
  const tensors = new Map<string, { shape: readonly number[]; values: Float32Array }>()
  for (const e of header.entries) tensors.set(e.key, { shape: e.shape, values: payload.subarray(e.offset, e.offset + e.length) })
  return { meta: header.meta, tensors }
}

/** Writes atomically: temp file + fsync + rename. On any failure the temp file is removed and `path` is untouched. */
export function writeCheckpointFile<M>(path: string, data: CheckpointData<M>, write: WriteFn = defaultWrite): void {
  mkdirSync(dirname(path), { recursive: true })
  const bytes = encodeCheckpoint(data)
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`
  let fd: number | null = openSync(tmp, 'w')
  try {
    write(fd, bytes)
    fsyncSync(fd)
    closeSync(fd)
    fd = null
    renameSync(tmp, path)
  } catch (e) {
    if (fd !== null) closeSync(fd)
    rmSync(tmp, { force: true })
    throw e
  }
}

export function readCheckpointFile<M>(path: string): CheckpointData<M> {
  return decodeCheckpoint<M>(readFileSync(path), path)
}

/** Snapshot of a named tensor map (downloads the values). */
export function tensorsToEntries(prefix: string, ts: ReadonlyMap<string, Tensor>, into: Map<string, { shape: readonly number[]; values: Float32Array }>): void {
  for (const [name, t] of ts) into.set(`${prefix}${name}`, { shape: [...t.shape], values: t.dataSync() as Float32Array })
}

/** Tensors under `prefix` as a new map of tf tensors (caller owns them). */
export function entriesToTensors(prefix: string, data: CheckpointData<unknown>): Map<string, Tensor> {
  const tf = getTf()
  const out = new Map<string, Tensor>()
  for (const [key, t] of data.tensors) if (key.startsWith(prefix)) out.set(key.slice(prefix.length), tf.tensor(t.values, [...t.shape], 'float32'))
  return out
}

/**
 * The sha256 of a checkpoint's float32 payload (its weights, and Adam state when stored), read from the header
 * without loading the payload: a content hash of the weights, e.g. to key caches derived from them.
 */
export function checkpointWeightsHash(path: string): string {
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(MAGIC.byteLength + 4)
    if (readSync(fd, head, 0, head.byteLength, 0) !== head.byteLength || !head.subarray(0, MAGIC.byteLength).equals(MAGIC)) {
      throw new CheckpointError(`${path}: not a circumplex checkpoint`)
    }
    const hlen = head.readUInt32LE(MAGIC.byteLength)
    const hbuf = Buffer.alloc(hlen)
    if (readSync(fd, hbuf, 0, hlen, head.byteLength) !== hlen) throw new CheckpointError(`${path}: truncated header`)
    const header = JSON.parse(hbuf.toString('utf8')) as { sha256?: unknown }
    if (typeof header.sha256 !== 'string') throw new CheckpointError(`${path}: header has no payload hash`)
    return header.sha256
  } finally {
    closeSync(fd)
  }
}
