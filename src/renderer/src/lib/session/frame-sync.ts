/**
 * Frame ↔ time of the review workspace, on the session's REAL presentation timestamps (VFR-safe): the displayed
 * frame is found by binary search over the timestamps, never by currentTime × fps.
 */
import { clampFrame, frameAtTime } from '../../../../core/traces/frame-time'

export function decodeFloat64(b64: string): Float64Array {
  const bin = atob(b64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return new Float64Array(bytes.buffer)
}

export function decodeFloat32(b64: string): Float32Array {
  const bin = atob(b64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return new Float32Array(bytes.buffer)
}

export function decodeUint8(b64: string): Uint8Array {
  const bin = atob(b64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return bytes
}

/** Typical frame interval: the median of the first intervals (for the last frame's display duration). */
export function typicalInterval(ts: ArrayLike<number>): number {
  const n = Math.min(ts.length - 1, 200)
  if (n <= 0) return 0.04
  const d: number[] = []
  for (let i = 0; i < n; i++) d.push(ts[i + 1] - ts[i])
  d.sort((a, b) => a - b)
  return d[n >> 1] || 0.04
}

/** The frame on screen at media time t (clamped into the video). */
export function frameAtMediaTime(ts: ArrayLike<number>, t: number): number {
  return clampFrame(frameAtTime(ts, t), ts.length)
}

/**
 * Where to put currentTime to show frame N: the middle of its display interval [ts[N], ts[N+1]) — away from both
 * edges, so decoder rounding can never land on a neighbour.
 */
export function seekTimeForFrame(ts: ArrayLike<number>, frame: number): number {
  const n = ts.length
  if (n === 0) return 0
  const f = clampFrame(Math.round(frame), n)
  const next = f + 1 < n ? ts[f + 1] : ts[f] + typicalInterval(ts)
  return (ts[f] + next) / 2
}

/** Centre column of the model's spectrogram window for the frame at time t (frame-window.ts's mapping). */
export function spectrogramColumn(t: number, originSec: number, sampleRate: number, hop: number): number {
  return Math.round(((t - originSec) * sampleRate) / hop)
}

/** m:ss.mmm */
export function formatTime(s: number): string {
  if (!Number.isFinite(s)) return '–'
  const sign = s < 0 ? '-' : ''
  const a = Math.abs(s)
  const m = Math.floor(a / 60)
  const rest = a - 60 * m
  return `${sign}${m}:${rest.toFixed(3).padStart(6, '0')}`
}

/** Parses a jump target: "123" = frame, "1:02.5" or "62.5s" = time. */
export function parseJump(text: string, ts: ArrayLike<number>): number | null {
  const s = text.trim()
  if (/^\d+$/.test(s)) return clampFrame(Number(s), ts.length)
  const secs = /^(\d+(?:\.\d+)?)s$/.exec(s)
  const mmss = /^(\d+):(\d+(?:\.\d+)?)$/.exec(s)
  const t = secs ? Number(secs[1]) : mmss ? Number(mmss[1]) * 60 + Number(mmss[2]) : NaN
  if (!Number.isFinite(t)) return null
  return frameAtMediaTime(ts, t + (ts.length ? ts[0] : 0))
}
