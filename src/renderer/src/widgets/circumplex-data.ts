/** Russell's circumplex: valence on x, arousal on y, both in [-1, 1]. */
export const QUADRANTS = [
  { key: 'q1', label: 'excited · happy', sub: 'V+ A+' },
  { key: 'q2', label: 'angry · afraid', sub: 'V− A+' },
  { key: 'q3', label: 'sad · bored', sub: 'V− A−' },
  { key: 'q4', label: 'calm · content', sub: 'V+ A−' }
] as const

export type QuadrantKey = (typeof QUADRANTS)[number]['key']

export function quadrantOf(v: number, a: number): QuadrantKey | null {
  if (!Number.isFinite(v) || !Number.isFinite(a)) return null
  if (a >= 0) return v >= 0 ? 'q1' : 'q2'
  return v >= 0 ? 'q4' : 'q3'
}

export interface TrailPoint {
  readonly v: number
  readonly a: number
  /** 1 = the current frame, falling towards 0 for the oldest point. */
  readonly alpha: number
}

/** The last `length` frames up to `frame` (missing values skipped), oldest first, with a linear fade. */
export function trail(valence: ArrayLike<number>, arousal: ArrayLike<number>, frame: number, length: number): TrailPoint[] {
  const out: TrailPoint[] = []
  const start = Math.max(0, frame - length + 1)
  for (let f = start; f <= frame && f < valence.length; f++) {
    const v = valence[f]
    const a = arousal[f]
    if (!Number.isFinite(v) || !Number.isFinite(a)) continue
    out.push({ v, a, alpha: (f - start + 1) / (frame - start + 1) })
  }
  return out
}

/** Plane coordinates → pixels of a square of side `size` with `pad` px margin (arousal up). */
export function toPixel(v: number, a: number, size: number, pad: number): [number, number] {
  const r = (size - 2 * pad) / 2
  return [pad + r + Math.max(-1, Math.min(1, v)) * r, pad + r - Math.max(-1, Math.min(1, a)) * r]
}
