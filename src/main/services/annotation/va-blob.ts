/**
 * Values of a frame range as they are kept in the edit log: little-endian float32 pairs [valence, arousal] per
 * frame, NaN = missing. Annotation values are stored float32-rounded (`f32`) so that undo restores them bit-exactly.
 */
import type { Database } from 'better-sqlite3'

export const BYTES_PER_FRAME = 8

/** Rounds to float32 (the precision of the edit log); NaN/Infinity/null become NaN. */
export function f32(v: number | null | undefined): number {
  return v === null || v === undefined || !Number.isFinite(v) ? NaN : Math.fround(v)
}

export function emptyRange(n: number): Float32Array {
  return new Float32Array(2 * n).fill(NaN)
}

export function toBlob(values: Float32Array): Buffer {
  const b = Buffer.alloc(values.length * 4)
  for (let i = 0; i < values.length; i++) b.writeFloatLE(values[i], i * 4)
  return b
}

export function fromBlob(blob: Buffer): Float32Array {
  const out = new Float32Array(blob.length / 4)
  for (let i = 0; i < out.length; i++) out[i] = blob.readFloatLE(i * 4)
  return out
}

/** Reads frames [from, to] of a trace as interleaved float32 pairs (absent frames are NaN). */
export function readRange(db: Database, traceId: string, from: number, to: number): Float32Array {
  const out = emptyRange(to - from + 1)
  const rows = db
    .prepare('SELECT frame, valence, arousal FROM trace_points WHERE trace_id = ? AND frame BETWEEN ? AND ?')
    .raw()
    .all(traceId, from, to) as [number, number | null, number | null][]
  for (const [frame, v, a] of rows) {
    out[2 * (frame - from)] = f32(v)
    out[2 * (frame - from) + 1] = f32(a)
  }
  return out
}

/**
 * Writes interleaved pairs onto frames [from, from + n): a frame with neither value is absent (deleted), otherwise
 * upserted. Only frames whose value differs from `previous` (when given) are touched. Call inside a transaction.
 */
export function writeRange(db: Database, traceId: string, from: number, values: Float32Array, previous?: Float32Array): number {
  const upsert = db.prepare(
    `INSERT INTO trace_points (trace_id, frame, valence, arousal) VALUES (?, ?, ?, ?)
     ON CONFLICT (trace_id, frame) DO UPDATE SET valence = excluded.valence, arousal = excluded.arousal`
  )
  const del = db.prepare('DELETE FROM trace_points WHERE trace_id = ? AND frame = ?')
  let written = 0
  for (let i = 0; i < values.length / 2; i++) {
    const v = values[2 * i]
    const a = values[2 * i + 1]
    if (previous && Object.is(previous[2 * i], v) && Object.is(previous[2 * i + 1], a)) continue
    const vOk = Number.isFinite(v)
    const aOk = Number.isFinite(a)
    if (!vOk && !aOk) del.run(traceId, from + i)
    else upsert.run(traceId, from + i, vOk ? v : null, aOk ? a : null)
    written++
  }
  return written
}

/** True when the two pairs at frame index i differ (NaN equals NaN). */
export function pairDiffers(a: Float32Array, b: Float32Array, i: number): boolean {
  return !Object.is(a[2 * i], b[2 * i]) || !Object.is(a[2 * i + 1], b[2 * i + 1])
}
