/**
 * Waveform peaks for the review pane: one base level of min/max per fixed bucket, computed once per session from
 * streamed PCM, then aggregated to whatever range and bucket count the view asks for. The browser never decodes
 * the audio itself.
 */

/** Base-level peaks: bucket i covers samples [i·bucketSamples, (i+1)·bucketSamples) at `sampleRate`. */
export interface BasePeaks {
  readonly sampleRate: number
  readonly bucketSamples: number
  readonly originSec: number
  readonly sampleCount: number
  readonly min: Float32Array
  readonly max: Float32Array
}

/** Accumulates base-level peaks from PCM chunks of any length. */
export class PeaksBuilder {
  private mins: number[] = []
  private maxs: number[] = []
  private curMin = Infinity
  private curMax = -Infinity
  private inBucket = 0
  private count = 0
  constructor(
    readonly sampleRate: number,
    readonly bucketSamples: number,
    readonly originSec = 0
  ) {}

  push(chunk: Float32Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const v = chunk[i]
      if (v < this.curMin) this.curMin = v
      if (v > this.curMax) this.curMax = v
      if (++this.inBucket === this.bucketSamples) this.flush()
    }
    this.count += chunk.length
  }

  private flush(): void {
    this.mins.push(this.curMin)
    this.maxs.push(this.curMax)
    this.curMin = Infinity
    this.curMax = -Infinity
    this.inBucket = 0
  }

  finish(): BasePeaks {
    if (this.inBucket > 0) this.flush()
    return {
      sampleRate: this.sampleRate,
      bucketSamples: this.bucketSamples,
      originSec: this.originSec,
      sampleCount: this.count,
      min: Float32Array.from(this.mins),
      max: Float32Array.from(this.maxs)
    }
  }
}

/** Duration (s) of the decoded audio. */
export function peaksDuration(p: BasePeaks): number {
  return p.sampleCount / p.sampleRate
}

/**
 * Min/max of [fromS, toS) (seconds on the video clock) in `buckets` equal buckets. A bucket narrower than a base
 * bucket takes the base bucket it falls in; buckets outside the audio are NaN (drawn as nothing).
 */
export function aggregatePeaks(p: BasePeaks, fromS: number, toS: number, buckets: number): { min: Float32Array; max: Float32Array } {
  const min = new Float32Array(buckets).fill(NaN)
  const max = new Float32Array(buckets).fill(NaN)
  const perSec = p.sampleRate / p.bucketSamples
  const n = p.min.length
  const span = (toS - fromS) / buckets
  for (let b = 0; b < buckets; b++) {
    const t0 = fromS + b * span - p.originSec
    const t1 = t0 + span
    let i0 = Math.floor(t0 * perSec)
    let i1 = Math.max(i0 + 1, Math.ceil(t1 * perSec))
    if (i1 <= 0 || i0 >= n) continue
    i0 = Math.max(0, i0)
    i1 = Math.min(n, i1)
    let lo = Infinity
    let hi = -Infinity
    for (let i = i0; i < i1; i++) {
      if (p.min[i] < lo) lo = p.min[i]
      if (p.max[i] > hi) hi = p.max[i]
    }
    min[b] = lo
    max[b] = hi
  }
  return { min, max }
}

const MAGIC = 'CXPK1\0\0\0'

/** File form of base peaks: 8-byte magic, f64 sampleRate, bucketSamples, originSec, sampleCount, u32 n, min[n], max[n]. */
export function encodePeaks(p: BasePeaks): Buffer {
  const n = p.min.length
  const buf = Buffer.alloc(8 + 32 + 4 + 8 * n)
  buf.write(MAGIC, 0, 'latin1')
  buf.writeDoubleLE(p.sampleRate, 8)
  buf.writeDoubleLE(p.bucketSamples, 16)
  buf.writeDoubleLE(p.originSec, 24)
  buf.writeDoubleLE(p.sampleCount, 32)
  buf.writeUInt32LE(n, 40)
  for (let i = 0; i < n; i++) {
    buf.writeFloatLE(p.min[i], 44 + 4 * i)
    buf.writeFloatLE(p.max[i], 44 + 4 * (n + i))
  }
  return buf
}

export function decodePeaks(buf: Buffer): BasePeaks | null {
  if (buf.length < 44 || buf.toString('latin1', 0, 8) !== MAGIC) return null
  const n = buf.readUInt32LE(40)
  if (buf.length !== 44 + 8 * n) return null
  const min = new Float32Array(n)
  const max = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    min[i] = buf.readFloatLE(44 + 4 * i)
    max[i] = buf.readFloatLE(44 + 4 * (n + i))
  }
  return {
    sampleRate: buf.readDoubleLE(8),
    bucketSamples: buf.readDoubleLE(16),
    originSec: buf.readDoubleLE(24),
    sampleCount: buf.readDoubleLE(32),
    min,
    max
  }
}

/** Quantises dB values of [minDb, maxDb] to 0..255 (what the spectrogram channel sends). */
export function quantiseDb(data: Float32Array, minDb: number, maxDb: number, out = new Uint8Array(data.length)): Uint8Array {
  const range = maxDb - minDb || 1
  for (let i = 0; i < data.length; i++) {
    const q = Math.round(((data[i] - minDb) / range) * 255)
    out[i] = q < 0 ? 0 : q > 255 ? 255 : q
  }
  return out
}
