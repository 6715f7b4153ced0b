/** A sequence run's curriculum as its run record (config_json) shows it: planned stages and the finished ones. */
export interface StageRow {
  readonly name: string
  readonly n: number
  readonly attention: boolean
  readonly bestEpoch: number
  readonly epochs: number
  readonly valCcc: number | null
  readonly testCcc: number | null
  readonly wallS: number | null
}

export interface SequenceInfo {
  /** Window lengths of the curriculum. */
  readonly curriculum: readonly number[]
  /** Stages the curriculum trains (ANCLaF-SA: the S chain, then SA-n for each n). */
  readonly planned: number
  readonly finished: readonly StageRow[]
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null)
const obj = (x: unknown): Record<string, unknown> | null => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : null)

/** Null for anything that is not a sequence run's record. */
export function sequenceInfo(config: unknown): SequenceInfo | null {
  const c = obj(config)
  if (c?.kind !== 'sequence') return null
  const sc = obj(c.config)
  const curriculum = Array.isArray(sc?.curriculum) ? sc.curriculum.filter((n): n is number => typeof n === 'number') : []
  const planned = sc?.attention === 'after-s' ? 2 * curriculum.length : curriculum.length
  const finished: StageRow[] = (Array.isArray(c.stages) ? c.stages : []).flatMap((raw) => {
    const s = obj(raw)
    if (!s || typeof s.name !== 'string') return []
    return [
      {
        name: s.name,
        n: num(s.n) ?? 0,
        attention: s.attention === true,
        bestEpoch: num(s.bestEpoch) ?? 0,
        epochs: num(s.epochs) ?? 0,
        valCcc: num(obj(s.val)?.ccc_mean),
        testCcc: num(obj(s.test)?.ccc_mean),
        wallS: num(s.wallS)
      }
    ]
  })
  return { curriculum, planned, finished }
}
