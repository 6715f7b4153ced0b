/**
 * ΔW^a: the spread of a frame's attention weights over its window, and the 12.5 / 25 / 50 % frame groups of thesis
 * 001 ch.7 (Tables 7.3/7.4).
 *
 * What the thesis says (line numbers in ../shared/papers/001_*.txt):
 * - L1980: "the coefficient of Δ^{Wa} that is calculated from the percentage of the disparity between the minimum
 *   and maximum w values for each sequence. This Δ^{Wa} thus provides the level of the relative activation weight
 *   in the sequence." Here "sequence" is one frame's window of n previous states, whose weights a_n come from a
 *   softmax (eq. 7.10/7.11, L1872-1876), so they are non-negative and sum to 1.
 * - L1965/L1974 (captions) call ΔW^a "their level of relative differences". No normaliser is given.
 * - L1982: "evaluate the portion of the datasets with Δ^{Wa} activation weights **above** each level", and
 *   L1989 "a decrease in the size of the frames included as the Δ^{W^a} [rises]" — but the table headers
 *   (L1958, L1967) read "ΔW^a **≤** 12.5%". Both are supported, labelled: `mode: 'above' | 'at-most'`.
 *
 * Definition chosen (default `'range'`):  ΔW^a = 100 · (max_k w_k − min_k w_k), in percent, over the finite weights
 * of the window. Because the weights are a distribution summing to 1, the range is already relative to the total
 * attention mass, so "percentage of the disparity between the minimum and maximum w" needs no other normaliser:
 * 0 % = uniform attention, → 100 % = all mass on one state. The other reading of "relative difference" is offered
 * as `'relative-range'`: ΔW^a = 100 · (max − min) / max (0 % uniform, 100 % when some state gets no weight).
 * The two differ a lot at n = 8 (uniform weight 12.5 %): choose one per analysis and report it.
 *
 * Masked (NaN) weights — missing frames inside a window, or the short windows of a session's first n − 1 frames —
 * are skipped; a window with fewer than 2 finite weights has no spread (NaN, counted as undefined).
 */
import { AppError } from '../../shared/ipc/errors'
import type { FrameSegment, MembershipCounts } from './types'
import { countMembership, requireArg } from './types'

export type SpreadDefinition = 'range' | 'relative-range'

export const SPREAD_DEFINITIONS: readonly SpreadDefinition[] = ['range', 'relative-range']

export const SPREAD_DEFINITION_LABELS: Readonly<Record<SpreadDefinition, string>> = {
  range: 'ΔW = 100·(max w − min w) over the window (weights sum to 1)',
  'relative-range': 'ΔW = 100·(max w − min w) / max w over the window'
}

/** How a level splits frames: thesis text "above" (L1982) vs table headers "≤" (L1958). */
export type SegmentMode = 'above' | 'at-most'

export const SEGMENT_MODES: readonly SegmentMode[] = ['above', 'at-most']

export const SEGMENT_MODE_LABELS: Readonly<Record<SegmentMode, string>> = {
  above: 'inside = spread > level (thesis text, 001:L1982 "above each level")',
  'at-most': 'inside = spread ≤ level (thesis Table 7.3/7.4 headers, 001:L1958)'
}

/** The thesis levels, in percent (L1982). */
export const DELTA_WA_LEVELS: readonly number[] = [12.5, 25, 50]

/** ΔW of one window in percent; NaN when fewer than 2 weights are finite (or `relative-range` with max ≤ 0). */
export function attentionSpread(
  weights: ArrayLike<number> | null | undefined,
  definition: SpreadDefinition = 'range'
): number {
  if (weights == null) return NaN
  let n = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]
    if (!Number.isFinite(w)) continue
    n++
    if (w < min) min = w
    if (w > max) max = w
  }
  if (n < 2) return NaN
  if (definition === 'range') return 100 * (max - min)
  return max > 0 ? (100 * (max - min)) / max : NaN
}

/** Per-frame spread with the count of frames where it is undefined. */
export interface SpreadSeries {
  /** ΔW per frame in percent; NaN where undefined. */
  readonly values: Float64Array
  readonly definition: SpreadDefinition | 'gate-window-range'
  /** Frames with NaN spread (no attention stored, or < 2 finite weights in the window). */
  readonly nUndefined: number
}

/** ΔW^a for every frame; `null`/`undefined` entries are frames without attention (NaN). */
export function attentionSpreadPerFrame(
  windows: readonly (ArrayLike<number> | null | undefined)[],
  definition: SpreadDefinition = 'range'
): SpreadSeries {
  requireArg(SPREAD_DEFINITIONS.includes(definition), `unknown spread definition "${String(definition)}"`)
  const values = new Float64Array(windows.length)
  let nUndefined = 0
  windows.forEach((w, i) => {
    values[i] = attentionSpread(w, definition)
    if (Number.isNaN(values[i])) nUndefined++
  })
  return { values, definition, nUndefined }
}

/**
 * Per-frame windows from a flat frames × n block (the compact stored blob, NaN-padded where masked).
 * Typed arrays give zero-copy views. Throws `LENGTH_MISMATCH` when the length is not a multiple of n.
 */
export function attentionWindowsFromFlat(
  flat: Float32Array | Float64Array | readonly number[],
  windowLength: number
): ArrayLike<number>[] {
  requireArg(Number.isInteger(windowLength) && windowLength >= 1, `window length must be a positive integer, got ${windowLength}`)
  if (flat.length % windowLength !== 0) {
    throw new AppError(
      'LENGTH_MISMATCH',
      `attention blob has ${flat.length} values, not a whole number of windows of ${windowLength}`
    )
  }
  const out: ArrayLike<number>[] = []
  for (let i = 0; i < flat.length; i += windowLength) {
    const end = i + windowLength
    out.push(Array.isArray(flat) ? flat.slice(i, end) : (flat as Float32Array | Float64Array).subarray(i, end))
  }
  return out
}

/** A frame segment defined by a spread level. */
export interface LevelSegment extends FrameSegment {
  /** Level in percent. */
  readonly level: number
  readonly mode: SegmentMode
  readonly counts: MembershipCounts
}

function levelLabel(quantity: string, level: number, mode: SegmentMode): string {
  return `${quantity} ${mode === 'above' ? '>' : '≤'} ${level}%`
}

/**
 * Frames inside the group of one level: `above` → spread > level, `at-most` → spread ≤ level (so the two modes are
 * complements on the frames where the spread is defined; a frame exactly at the level is `at-most`). Frames with
 * NaN spread get `null` membership.
 */
export function segmentByLevel(
  spread: ArrayLike<number>,
  level: number,
  mode: SegmentMode,
  quantity = 'ΔW^a'
): LevelSegment {
  requireArg(Number.isFinite(level) && level >= 0 && level <= 100, `level must be a percentage in [0, 100], got ${level}`)
  requireArg(SEGMENT_MODES.includes(mode), `mode must be 'above' or 'at-most', got "${String(mode)}"`)
  const membership: (boolean | null)[] = new Array(spread.length)
  for (let i = 0; i < spread.length; i++) {
    const s = spread[i]
    membership[i] = Number.isFinite(s) ? (mode === 'above' ? s > level : s <= level) : null
  }
  return { label: levelLabel(quantity, level, mode), level, mode, membership, counts: countMembership(membership) }
}

export interface SpreadSegmentOptions {
  /** Levels in percent; default the thesis' 12.5, 25, 50. */
  readonly levels?: readonly number[]
  readonly mode: SegmentMode
  /** Name used in labels, default "ΔW^a". */
  readonly quantity?: string
}

/** One segment per level (thesis Tables 7.3/7.4 column groups). */
export function spreadSegments(spread: ArrayLike<number>, options: SpreadSegmentOptions): LevelSegment[] {
  const levels = options.levels ?? DELTA_WA_LEVELS
  requireArg(levels.length > 0, 'at least one level is needed')
  return levels.map((l) => segmentByLevel(spread, l, options.mode, options.quantity ?? 'ΔW^a'))
}
