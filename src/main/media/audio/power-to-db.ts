import { MEL_AMIN } from './mel-params'

export interface PowerToDbOptions {
  /** librosa default 1e-10. */
  readonly amin?: number
  /** librosa default 80; null disables clipping. */
  readonly topDb?: number | null
}

export interface PowerToDbResult {
  readonly db: Float32Array
  /** 10·log10(max(amin, ref)), the absolute level of the reference (the input's maximum power). */
  readonly refDb: number
  readonly maxDb: number
  readonly minDb: number
}

/**
 * librosa `power_to_db(S, ref=np.max, amin=1e-10, top_db=80.0)`:
 * `10·log10(max(amin, S)) − 10·log10(max(amin, max(S)))`, then clipped below at `max − top_db`.
 * Computed in float64, stored as float32. `ref = max` is over the whole input (the whole session).
 */
export function powerToDb(power: ArrayLike<number>, options: PowerToDbOptions = {}): PowerToDbResult {
  const amin = options.amin ?? MEL_AMIN
  const topDb = options.topDb === undefined ? 80 : options.topDb
  if (!(amin > 0)) throw new RangeError('amin must be strictly positive')
  if (topDb !== null && !(topDb >= 0)) throw new RangeError('top_db must be non-negative')
  const n = power.length
  let refPower = -Infinity
  for (let i = 0; i < n; i++) if (power[i] > refPower) refPower = power[i]
  const refDb = 10 * Math.log10(Math.max(amin, refPower))
  // log_spec.max() == 10·log10(max(amin, maxS)) − refDb == 0 exactly (log10 is monotone), but compute it as
  // librosa does so the definition is literal.
  const logMax = n > 0 ? 10 * Math.log10(Math.max(amin, refPower)) - refDb : 0
  const floor = topDb === null ? -Infinity : logMax - topDb
  const db = new Float32Array(n)
  let maxDb = -Infinity
  let minDb = Infinity
  for (let i = 0; i < n; i++) {
    const v = Math.max(10 * Math.log10(Math.max(amin, power[i])) - refDb, floor)
    db[i] = v
    if (db[i] > maxDb) maxDb = db[i]
    if (db[i] < minDb) minDb = db[i]
  }
  return { db, refDb, maxDb: n > 0 ? maxDb : 0, minDb: n > 0 ? minDb : 0 }
}
