/**
 * Plain data shapes shared by the analysis modules (ΔW^a / ΔW_G / T_ZG segments, accuracy gain, model table).
 *
 * Conventions:
 * - A per-frame series is any `ArrayLike<number>` (plain array or typed array); **missing = not finite** (NaN,
 *   ±Infinity), exactly as in `core/metrics` and `core/traces`.
 * - Results that cross into JSON use `number | null` (JSON has no NaN); a `null` always comes with a reason.
 */
import { AppError } from '../../shared/ipc/errors'

/** Valence and arousal over the same frames (sessions may be concatenated). NaN marks a missing frame. */
export interface VaSeries {
  readonly valence: ArrayLike<number>
  readonly arousal: ArrayLike<number>
}

/** One value per affect dimension; `null` = undefined (the enclosing result says why). */
export interface VaPair {
  readonly v: number | null
  readonly a: number | null
}

/** Per-frame membership: `true` inside, `false` outside, `null` when the criterion is undefined for that frame. */
export type Membership = readonly (boolean | null)[]

/** A labelled frame selection, e.g. "ΔW^a > 25%" or "T_ZG = 0.125". */
export interface FrameSegment {
  readonly label: string
  readonly membership: Membership
}

export interface MembershipCounts {
  readonly inside: number
  readonly outside: number
  /** Frames whose criterion was missing (neither inside nor outside). */
  readonly undefined: number
  readonly total: number
}

/** Counts of a membership array. */
export function countMembership(membership: Membership): MembershipCounts {
  let inside = 0
  let outside = 0
  for (const m of membership) {
    if (m === true) inside++
    else if (m === false) outside++
  }
  return { inside, outside, undefined: membership.length - inside - outside, total: membership.length }
}

/** `NaN`/±Infinity → `null`, anything else unchanged (for JSON-safe results). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null
}

/** Throws `AppError('LENGTH_MISMATCH')` naming both series when their lengths differ. */
export function assertLength(actual: number, expected: number, what: string, reference: string): void {
  if (actual !== expected) {
    throw new AppError(
      'LENGTH_MISMATCH',
      `length mismatch: ${what} has ${actual} frames but ${reference} has ${expected}`
    )
  }
}

/** Throws `AppError('INVALID_ARGUMENT')` with `message` unless `condition` holds. */
export function requireArg(condition: boolean, message: string): asserts condition {
  if (!condition) throw new AppError('INVALID_ARGUMENT', message)
}
