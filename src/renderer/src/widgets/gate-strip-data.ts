/**
 * Gating strip of a model run: one gate value g ∈ [0, 1] per frame (NaN = not computed), coloured by band
 * relative to the zero-gate threshold T_ZG (thesis): g < T → "closed" (the modality is ignored), T ≤ g < 1 − T →
 * "mixed", g ≥ 1 − T → "open".
 */
export type GateBand = 'closed' | 'mixed' | 'open' | 'none'

export const GATE_COLORS: Readonly<Record<GateBand, string>> = {
  closed: '#c92a2a',
  mixed: '#e0a800',
  open: '#2f9e44',
  none: 'transparent'
}

export function gateBand(g: number, threshold: number): GateBand {
  if (!Number.isFinite(g)) return 'none'
  if (g < threshold) return 'closed'
  if (g >= 1 - threshold) return 'open'
  return 'mixed'
}

export interface GateRun {
  readonly from: number
  /** Exclusive. */
  readonly to: number
  readonly band: GateBand
}

/** Consecutive frames of the same band merged into runs (what the strip draws: one rectangle per run). */
export function gateRuns(gates: ArrayLike<number>, threshold: number, from = 0, to = gates.length): GateRun[] {
  const out: GateRun[] = []
  const end = Math.min(to, gates.length)
  let start = Math.max(0, from)
  if (start >= end) return out
  let band = gateBand(gates[start], threshold)
  for (let i = start + 1; i <= end; i++) {
    const b = i < end ? gateBand(gates[i], threshold) : null
    if (b !== band) {
      out.push({ from: start, to: i, band })
      start = i
      if (b) band = b
    }
  }
  return out
}

/** The next frame after `after` whose gate is below T (wrapping never): -1 when there is none. */
export function nextFrameBelow(gates: ArrayLike<number>, after: number, threshold: number): number {
  for (let i = Math.max(0, after + 1); i < gates.length; i++) if (gates[i] < threshold) return i
  return -1
}

/** Share of frames (with a value) in each band. */
export function gateShares(gates: ArrayLike<number>, threshold: number): Record<Exclude<GateBand, 'none'>, number> {
  let c = 0
  let m = 0
  let o = 0
  for (let i = 0; i < gates.length; i++) {
    const b = gateBand(gates[i], threshold)
    if (b === 'closed') c++
    else if (b === 'mixed') m++
    else if (b === 'open') o++
  }
  const n = c + m + o || 1
  return { closed: c / n, mixed: m / n, open: o / n }
}
