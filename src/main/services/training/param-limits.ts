/**
 * Limits of a numeric hyper-parameter, found by asking the model config's own validate function which values it
 * accepts (so the form's limits are never a second copy of the numbers that could drift from the validation).
 * Assumes the accepted values form one interval around the default, which holds for every field the form exposes.
 */

export interface ProbedLimits {
  readonly min: number | null
  readonly max: number | null
  readonly minExclusive: boolean
  readonly maxExclusive: boolean
}

/** Beyond this the validation is taken to have no limit. */
const FAR = 1e12

/** Boundary of an interval by bisection: `inside` is accepted, `outside` refused. */
function bisect(accepts: (v: number) => boolean, inside: number, outside: number, integer: boolean): number {
  let a = inside
  let b = outside
  for (let i = 0; i < 200; i++) {
    if (integer ? Math.abs(b - a) <= 1 : Math.abs(b - a) <= 1e-12 * Math.max(1, Math.abs(a))) break
    const m = integer ? Math.trunc((a + b) / 2) : (a + b) / 2
    if (m === a || m === b) break
    if (accepts(m)) a = m
    else b = m
  }
  return integer ? a : b
}

/** Rounds a bisected boundary to the round number it approaches (0 and 1, not 1e-13 and 0.9999999999999). */
function snap(x: number): number {
  const r = Number(x.toPrecision(9))
  return Math.abs(r) < 1e-9 ? 0 : r
}

export function probeLimits(accepts: (v: number) => boolean, dflt: number, integer: boolean): ProbedLimits {
  if (!accepts(dflt)) throw new Error(`the default ${dflt} is not accepted by its own validation`)
  const side = (dir: -1 | 1): { bound: number | null; exclusive: boolean } => {
    const far = dflt + dir * FAR
    if (accepts(far)) return { bound: null, exclusive: false }
    const edge = bisect(accepts, dflt, far, integer)
    if (integer) return { bound: edge, exclusive: false }
    const b = snap(edge)
    return { bound: b, exclusive: !accepts(b) }
  }
  const lo = side(-1)
  const hi = side(1)
  return { min: lo.bound, max: hi.bound, minExclusive: lo.exclusive, maxExclusive: hi.exclusive }
}
