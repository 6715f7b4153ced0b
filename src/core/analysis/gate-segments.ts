/**
 * Gate analyses of AVi-GaS (thesis 001 ch.7): T_ZG segments (Tables 7.9/7.10) and ΔW_G segments (Tables 7.7/7.8).
 *
 * ZG is the GMU gate (eq. 7.5-7.6, L1852-1858): ZQ^G = ZG ⊙ h_v + (1 − ZG) ⊙ h_s, so ZG → 1 weighs the visual
 * branch and ZG → 0 the audio branch. The gate is a vector (per unit / channel); every analysis here works on a
 * per-frame scalar, by default its mean over units (`gateMeanPerFrame`), which is what the engine stores with each
 * prediction. Note that a mean over many units rarely reaches the extreme bands, so T_ZG segments built on the mean
 * are smaller than per-unit ones would be; the thesis does not say which it used.
 *
 * T_ZG (L2040): "we are interested in deviations around the central value (i. e., 0.5); for instance, with
 * T_ZG = 0.125, we evaluate ZG < 0.125 and ZG > 0.875" — a frame is inside iff ZG < T or ZG > 1 − T (strict), for
 * T = 0.25, 0.125, 0.0625 (Table 7.9/7.10 headers, L2069, L2078). Figure 7.6 (L2034) also shows T = 0.5 (every
 * frame except ZG = 0.5 exactly), which is accepted.
 *
 * ΔW_G (Tables 7.7/7.8, headers "ΔW_G = 12.5% / 25% / 50%", L2051, L2060): L2042 says "the results of different
 * Δ^{Wa} can be seen in the Tables 7.7 and 7.8", i.e. ΔW_G is ΔW^a computed on the *gated model's* attention, and all
 * models are then compared on the frames it selects. That is the default `source: 'gated-model-attention'`. The
 * subscript G admits a second reading, the spread of the gate itself over the window, offered as
 * `source: 'gate-window-range'`: 100 · (max − min) of the per-frame ZG over frames t − n + 1 … t of the same
 * session. The headers' "=" is read like ΔW^a's levels, with the same `above` / `at-most` modes.
 */
import { AppError } from '../../shared/ipc/errors'
import {
  attentionSpreadPerFrame,
  spreadSegments,
  type LevelSegment,
  type SegmentMode,
  type SpreadDefinition,
  type SpreadSeries
} from './attention-spread'
import type { FrameSegment, MembershipCounts } from './types'
import { countMembership, requireArg } from './types'

/** The thesis thresholds (L2040). */
export const T_ZG_THRESHOLDS: readonly number[] = [0.25, 0.125, 0.0625]

/** Mean of the finite gate units of each frame; NaN for a frame with no unit (or `null`). */
export function gateMeanPerFrame(units: readonly (ArrayLike<number> | null | undefined)[]): Float64Array {
  const out = new Float64Array(units.length)
  units.forEach((u, i) => {
    let s = 0
    let n = 0
    if (u != null) {
      for (let j = 0; j < u.length; j++) {
        if (Number.isFinite(u[j])) {
          s += u[j]
          n++
        }
      }
    }
    out[i] = n > 0 ? s / n : NaN
  })
  return out
}

/** One T_ZG segment. */
export interface GateSegment extends FrameSegment {
  readonly threshold: number
  readonly counts: MembershipCounts
  /** Inside frames with ZG < T (audio-dominated). */
  readonly nLow: number
  /** Inside frames with ZG > 1 − T (video-dominated). */
  readonly nHigh: number
}

/** Frames with ZG < T or ZG > 1 − T; NaN ZG → `null`. T must lie in (0, 0.5]. */
export function gateThresholdSegment(zg: ArrayLike<number>, threshold: number): GateSegment {
  requireArg(
    Number.isFinite(threshold) && threshold > 0 && threshold <= 0.5,
    `T_ZG must lie in (0, 0.5], got ${threshold}`
  )
  const membership: (boolean | null)[] = new Array(zg.length)
  let nLow = 0
  let nHigh = 0
  for (let i = 0; i < zg.length; i++) {
    const g = zg[i]
    if (!Number.isFinite(g)) {
      membership[i] = null
      continue
    }
    if (g < 0 || g > 1) throw new AppError('INVALID_ARGUMENT', `ZG must lie in [0, 1]; frame ${i} has ${g}`)
    const low = g < threshold
    const high = g > 1 - threshold
    if (low) nLow++
    if (high) nHigh++
    membership[i] = low || high
  }
  return {
    label: `T_ZG = ${threshold} (ZG < ${threshold} or ZG > ${1 - threshold})`,
    threshold,
    membership,
    counts: countMembership(membership),
    nLow,
    nHigh
  }
}

/** One segment per threshold, default the thesis' 0.25, 0.125, 0.0625. */
export function gateThresholdSegments(zg: ArrayLike<number>, thresholds: readonly number[] = T_ZG_THRESHOLDS): GateSegment[] {
  requireArg(thresholds.length > 0, 'at least one T_ZG threshold is needed')
  return thresholds.map((t) => gateThresholdSegment(zg, t))
}

/**
 * Spread of the per-frame gate over the window ending at each frame: 100 · (max − min) of the finite ZG values of
 * frames max(start, t − n + 1) … t, where start is the first frame of t's session. NaN with < 2 finite values.
 * `sessionStarts` are the first frame index of each concatenated session (default: one session from frame 0).
 */
export function gateWindowRange(
  zg: ArrayLike<number>,
  windowLength: number,
  sessionStarts: readonly number[] = [0]
): SpreadSeries {
  requireArg(Number.isInteger(windowLength) && windowLength >= 2, `window length must be an integer ≥ 2, got ${windowLength}`)
  for (let k = 0; k < sessionStarts.length; k++) {
    const s = sessionStarts[k]
    requireArg(
      Number.isInteger(s) && s >= 0 && s <= zg.length && (k === 0 ? s === 0 : s > sessionStarts[k - 1]),
      `session starts must be increasing frame indices beginning at 0, got [${sessionStarts.join(', ')}]`
    )
  }
  const values = new Float64Array(zg.length)
  let nUndefined = 0
  let session = 0
  for (let t = 0; t < zg.length; t++) {
    while (session + 1 < sessionStarts.length && sessionStarts[session + 1] <= t) session++
    const from = Math.max(sessionStarts[session], t - windowLength + 1)
    let n = 0
    let min = Infinity
    let max = -Infinity
    for (let i = from; i <= t; i++) {
      const g = zg[i]
      if (!Number.isFinite(g)) continue
      n++
      if (g < min) min = g
      if (g > max) max = g
    }
    values[t] = n >= 2 ? 100 * (max - min) : NaN
    if (n < 2) nUndefined++
  }
  return { values, definition: 'gate-window-range', nUndefined }
}

export type DeltaWgSource = 'gated-model-attention' | 'gate-window-range'

export type DeltaWgInput =
  | {
      readonly source: 'gated-model-attention'
      /** Per-frame attention weights of the gated model (AVi-GaS). */
      readonly attention: readonly (ArrayLike<number> | null | undefined)[]
      readonly definition?: SpreadDefinition
    }
  | {
      readonly source: 'gate-window-range'
      /** Per-frame gate scalar (mean ZG). */
      readonly zg: ArrayLike<number>
      readonly windowLength: number
      readonly sessionStarts?: readonly number[]
    }

export interface DeltaWgOptions {
  readonly mode: SegmentMode
  /** Levels in percent, default 12.5, 25, 50. */
  readonly levels?: readonly number[]
}

export interface DeltaWgResult {
  readonly source: DeltaWgSource
  readonly spread: SpreadSeries
  readonly segments: LevelSegment[]
}

/** ΔW_G per frame and its level segments (Tables 7.7/7.8 column groups). */
export function deltaWgSegments(input: DeltaWgInput, options: DeltaWgOptions): DeltaWgResult {
  const spread =
    input.source === 'gated-model-attention'
      ? attentionSpreadPerFrame(input.attention, input.definition ?? 'range')
      : gateWindowRange(input.zg, input.windowLength, input.sessionStarts)
  const segments = spreadSegments(spread.values, { levels: options.levels, mode: options.mode, quantity: 'ΔW_G' })
  return { source: input.source, spread, segments }
}
