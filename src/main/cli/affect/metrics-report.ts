/**
 * The report of `circumplex metrics`: prediction vs gold joined on (sequence, frame), CCC / PCC / RMSE / MAE /
 * SAGR per dimension (valence, arousal and their mean) under BOTH dataset conventions of `core/metrics`:
 * "pooled over all frames" and "mean of per-sequence values".
 *
 * Frames present in only one file are never dropped silently: with the default policy 'refuse' any such frame is
 * a LENGTH_MISMATCH error naming the counts; with 'intersect' the shared frames are evaluated and the others are
 * counted in the report. Missing values inside a matched frame (an empty cell) are removed by pairwise deletion
 * per dimension and counted too.
 */
import { AppError } from '../../../shared/ipc/errors'
import {
  DATASET_CONVENTION_LABELS,
  PAIR_METRIC_NAMES,
  evaluateDataset,
  type DatasetEvaluation,
  type PairMetricName,
  type SequencePair
} from '../../../core/metrics'
import { SINGLE_SEQUENCE, type AffectTable, type AffectTableFormat } from './affect-table'
import { alignTable, fmt } from './text-format'

export type LengthMismatchPolicy = 'refuse' | 'intersect'
export const LENGTH_MISMATCH_POLICIES: readonly LengthMismatchPolicy[] = ['refuse', 'intersect']

export const DIMENSIONS = ['valence', 'arousal'] as const
export type Dimension = (typeof DIMENSIONS)[number]

export interface JoinedSequence {
  readonly id: string
  /** Frames present in both files, ascending. */
  readonly frames: number[]
  readonly pred: Readonly<Record<Dimension, Float64Array>>
  readonly gold: Readonly<Record<Dimension, Float64Array>>
  readonly onlyInPred: number
  readonly onlyInGold: number
}

export interface JoinCounts {
  readonly predFrames: number
  readonly goldFrames: number
  /** (sequence, frame) keys present in both files. */
  readonly matchedFrames: number
  readonly onlyInPred: number
  readonly onlyInGold: number
  readonly predSequences: number
  readonly goldSequences: number
  /** Sequences with at least one matched frame. */
  readonly matchedSequences: number
  readonly sequencesOnlyInPred: string[]
  readonly sequencesOnlyInGold: string[]
  /** Up to 5 examples of unmatched keys, e.g. "s1 frame 40". */
  readonly examplesOnlyInPred: string[]
  readonly examplesOnlyInGold: string[]
}

export interface JoinResult {
  readonly sequences: JoinedSequence[]
  readonly counts: JoinCounts
}

const MAX_EXAMPLES = 5

function keyText(sequence: string, frame: number): string {
  return sequence === SINGLE_SEQUENCE ? `frame ${frame}` : `'${sequence}' frame ${frame}`
}

function list(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_EXAMPLES).map((s) => `'${s}'`).join(', ')
  return ids.length > MAX_EXAMPLES ? `${shown} and ${ids.length - MAX_EXAMPLES} more` : shown
}

function bySequence(t: AffectTable): Map<string, Map<number, { valence: number; arousal: number }>> {
  const out = new Map<string, Map<number, { valence: number; arousal: number }>>()
  for (const f of t.frames) {
    let m = out.get(f.sequence)
    if (m === undefined) {
      m = new Map()
      out.set(f.sequence, m)
    }
    m.set(f.frame, { valence: f.valence, arousal: f.arousal })
  }
  return out
}

/**
 * Joins prediction and gold on (sequence, frame). Throws INVALID_ARGUMENT when only one file has a sequence
 * column, LENGTH_MISMATCH when no frame is shared, or (policy 'refuse') when any frame is in one file only.
 */
export function joinPredGold(pred: AffectTable, gold: AffectTable, policy: LengthMismatchPolicy = 'refuse'): JoinResult {
  if ((pred.sequenceColumn === null) !== (gold.sequenceColumn === null)) {
    const [has, lacks] = pred.sequenceColumn !== null ? [pred, gold] : [gold, pred]
    throw new AppError(
      'INVALID_ARGUMENT',
      `${has.source} groups frames by column '${has.sequenceColumn ?? ''}' but ${lacks.source} has no sequence column (sequence, name or video): cannot join on (sequence, frame); add the column or name it with --by`
    )
  }
  const p = bySequence(pred)
  const g = bySequence(gold)
  const ids = [...g.keys(), ...[...p.keys()].filter((id) => !g.has(id))]
  const sequences: JoinedSequence[] = []
  let matched = 0
  let onlyP = 0
  let onlyG = 0
  const exP: string[] = []
  const exG: string[] = []
  for (const id of ids) {
    const pm = p.get(id) ?? new Map<number, { valence: number; arousal: number }>()
    const gm = g.get(id) ?? new Map<number, { valence: number; arousal: number }>()
    const frames = [...gm.keys()].filter((f) => pm.has(f)).sort((a, b) => a - b)
    const seqOnlyP = [...pm.keys()].filter((f) => !gm.has(f)).sort((a, b) => a - b)
    const seqOnlyG = [...gm.keys()].filter((f) => !pm.has(f)).sort((a, b) => a - b)
    for (const f of seqOnlyP) if (exP.length < MAX_EXAMPLES) exP.push(keyText(id, f))
    for (const f of seqOnlyG) if (exG.length < MAX_EXAMPLES) exG.push(keyText(id, f))
    onlyP += seqOnlyP.length
    onlyG += seqOnlyG.length
    matched += frames.length
    if (frames.length === 0) continue
    const take = (m: Map<number, { valence: number; arousal: number }>, d: Dimension): Float64Array =>
      Float64Array.from(frames, (f) => (m.get(f) as { valence: number; arousal: number })[d])
    sequences.push({
      id,
      frames,
      pred: { valence: take(pm, 'valence'), arousal: take(pm, 'arousal') },
      gold: { valence: take(gm, 'valence'), arousal: take(gm, 'arousal') },
      onlyInPred: seqOnlyP.length,
      onlyInGold: seqOnlyG.length
    })
  }
  const counts: JoinCounts = {
    predFrames: pred.frames.length,
    goldFrames: gold.frames.length,
    matchedFrames: matched,
    onlyInPred: onlyP,
    onlyInGold: onlyG,
    predSequences: p.size,
    goldSequences: g.size,
    matchedSequences: sequences.length,
    sequencesOnlyInPred: [...p.keys()].filter((id) => !g.has(id)),
    sequencesOnlyInGold: [...g.keys()].filter((id) => !p.has(id)),
    examplesOnlyInPred: exP,
    examplesOnlyInGold: exG
  }
  const summary =
    `${pred.source} has ${counts.predFrames} frame(s) and ${gold.source} ${counts.goldFrames}: ` +
    `${matched} in both, ${onlyP} only in pred${exP.length > 0 ? ` (e.g. ${exP.slice(0, 3).join(', ')})` : ''}, ` +
    `${onlyG} only in gold${exG.length > 0 ? ` (e.g. ${exG.slice(0, 3).join(', ')})` : ''}` +
    (counts.sequencesOnlyInPred.length > 0 ? `; sequence(s) only in pred: ${list(counts.sequencesOnlyInPred)}` : '') +
    (counts.sequencesOnlyInGold.length > 0 ? `; sequence(s) only in gold: ${list(counts.sequencesOnlyInGold)}` : '')
  if (matched === 0) throw new AppError('LENGTH_MISMATCH', `no (sequence, frame) in common: ${summary}`)
  if (policy === 'refuse' && (onlyP > 0 || onlyG > 0)) {
    throw new AppError(
      'LENGTH_MISMATCH',
      `pred and gold cover different frames: ${summary}. Fix the files, or pass --on-length-mismatch intersect to evaluate the ${matched} shared frame(s) (the others are reported)`
    )
  }
  return { sequences, counts }
}

export type MetricValues = Readonly<Record<PairMetricName, number>>

export interface PooledDimension extends MetricValues {
  /** Frames used (both values present). */
  readonly nUsed: number
  /** Matched frames dropped because pred or gold had no value. */
  readonly nMissing: number
}

export interface PerSequenceMeanDimension extends MetricValues {
  /** Sequences whose value was defined and entered the mean, per metric. */
  readonly nSequences: Readonly<Record<PairMetricName, number>>
}

export interface PerSequenceRow {
  readonly id: string
  readonly nFrames: number
  readonly onlyInPred: number
  readonly onlyInGold: number
  readonly valence: PooledDimension
  readonly arousal: PooledDimension
}

export interface FileInfo {
  readonly source: string
  readonly format: AffectTableFormat
  readonly sequenceColumn: string | null
  readonly frames: number
}

export interface MetricsReport {
  readonly pred: FileInfo
  readonly gold: FileInfo
  readonly onLengthMismatch: LengthMismatchPolicy
  readonly join: JoinCounts
  readonly metrics: readonly PairMetricName[]
  readonly pooled: {
    readonly convention: 'pooled'
    readonly label: string
    readonly valence: PooledDimension
    readonly arousal: PooledDimension
    /** (valence + arousal) / 2 of each metric. */
    readonly mean: MetricValues
  }
  readonly perSequenceMean: {
    readonly convention: 'per-sequence-mean'
    readonly label: string
    /** Sequences evaluated. */
    readonly nSequences: number
    readonly valence: PerSequenceMeanDimension
    readonly arousal: PerSequenceMeanDimension
    /** (valence + arousal) / 2 of each per-sequence mean. */
    readonly mean: MetricValues
  }
  readonly perSequence: PerSequenceRow[]
}

function pick(r: MetricValues): Record<PairMetricName, number> {
  const out = {} as Record<PairMetricName, number>
  for (const m of PAIR_METRIC_NAMES) out[m] = r[m]
  return out
}

function meanOf(a: MetricValues, b: MetricValues): MetricValues {
  const out = {} as Record<PairMetricName, number>
  for (const m of PAIR_METRIC_NAMES) out[m] = (a[m] + b[m]) / 2
  return out
}

function fileInfo(t: AffectTable): FileInfo {
  return { source: t.source, format: t.format, sequenceColumn: t.sequenceColumn, frames: t.frames.length }
}

/** Joins and evaluates; see the module comment. */
export function computeMetricsReport(pred: AffectTable, gold: AffectTable, policy: LengthMismatchPolicy = 'refuse'): MetricsReport {
  const { sequences, counts } = joinPredGold(pred, gold, policy)
  const evalDim = (d: Dimension): DatasetEvaluation =>
    evaluateDataset(sequences.map((s): SequencePair => ({ id: s.id, pred: s.pred[d], gold: s.gold[d] })))
  const ev: Record<Dimension, DatasetEvaluation> = { valence: evalDim('valence'), arousal: evalDim('arousal') }
  const pooledDim = (d: Dimension): PooledDimension => ({ ...pick(ev[d].pooled), nUsed: ev[d].pooled.nUsed, nMissing: ev[d].pooled.nMissing })
  const psmDim = (d: Dimension): PerSequenceMeanDimension => ({
    ...pick(ev[d].perSequenceMean),
    nSequences: { ...ev[d].perSequenceMean.nSequences }
  })
  const pooledV = pooledDim('valence')
  const pooledA = pooledDim('arousal')
  const psmV = psmDim('valence')
  const psmA = psmDim('arousal')
  return {
    pred: fileInfo(pred),
    gold: fileInfo(gold),
    onLengthMismatch: policy,
    join: counts,
    metrics: PAIR_METRIC_NAMES,
    pooled: { convention: 'pooled', label: DATASET_CONVENTION_LABELS.pooled, valence: pooledV, arousal: pooledA, mean: meanOf(pooledV, pooledA) },
    perSequenceMean: {
      convention: 'per-sequence-mean',
      label: DATASET_CONVENTION_LABELS['per-sequence-mean'],
      nSequences: sequences.length,
      valence: psmV,
      arousal: psmA,
      mean: meanOf(psmV, psmA)
    },
    perSequence: sequences.map((s, i) => {
      const v = ev.valence.perSequence[i]
      const a = ev.arousal.perSequence[i]
      return {
        id: s.id,
        nFrames: s.frames.length,
        onlyInPred: s.onlyInPred,
        onlyInGold: s.onlyInGold,
        valence: { ...pick(v), nUsed: v.nUsed, nMissing: v.nMissing },
        arousal: { ...pick(a), nUsed: a.nUsed, nMissing: a.nMissing }
      }
    })
  }
}

const HEAD = ['dimension', 'CCC', 'PCC', 'RMSE', 'MAE', 'SAGR']

function metricCells(v: MetricValues): string[] {
  return PAIR_METRIC_NAMES.map((m) => fmt(v[m]))
}

function describeFile(f: FileInfo): string {
  const fmtName = f.format === 'circumplex-wide' ? 'Circumplex CSV' : 'frame,valence,arousal CSV'
  return `${f.source} (${fmtName}, ${f.frames} frame(s)${f.sequenceColumn !== null ? `, sequences by '${f.sequenceColumn}'` : ''})`
}

/** Human-readable report (4 decimals; --json for full precision). */
export function formatMetricsReport(r: MetricsReport, options: { readonly perSequence?: boolean } = {}): string {
  const out: string[] = []
  const j = r.join
  out.push(`Metrics — prediction vs gold, joined on (sequence, frame)`)
  out.push(`  pred: ${describeFile(r.pred)}`)
  out.push(`  gold: ${describeFile(r.gold)}`)
  out.push(
    `Frames: ${j.matchedFrames} matched and evaluated in ${j.matchedSequences} sequence(s); ${j.onlyInPred} only in pred, ${j.onlyInGold} only in gold${j.onlyInPred + j.onlyInGold > 0 ? ' (not evaluated: --on-length-mismatch intersect)' : ''}`
  )
  if (j.sequencesOnlyInPred.length > 0) out.push(`  sequence(s) only in pred: ${list(j.sequencesOnlyInPred)}`)
  if (j.sequencesOnlyInGold.length > 0) out.push(`  sequence(s) only in gold: ${list(j.sequencesOnlyInGold)}`)
  const mv = r.pooled.valence.nMissing
  const ma = r.pooled.arousal.nMissing
  out.push(`Missing values (pairwise deletion): ${mv + ma === 0 ? 'none' : `valence ${mv} frame(s), arousal ${ma} frame(s) without both values`}`)
  out.push('')
  out.push(`Pooled over all frames (valence n = ${r.pooled.valence.nUsed}, arousal n = ${r.pooled.arousal.nUsed})`)
  out.push(
    ...alignTable([
      HEAD,
      ['valence', ...metricCells(r.pooled.valence)],
      ['arousal', ...metricCells(r.pooled.arousal)],
      ['mean of both', ...metricCells(r.pooled.mean)]
    ]).map((l) => `  ${l}`)
  )
  out.push('')
  const psm = r.perSequenceMean
  out.push(`Mean of per-sequence values (n = ${psm.nSequences} sequence(s), unweighted)`)
  out.push(
    ...alignTable([
      HEAD,
      ['valence', ...metricCells(psm.valence)],
      ['arousal', ...metricCells(psm.arousal)],
      ['mean of both', ...metricCells(psm.mean)]
    ]).map((l) => `  ${l}`)
  )
  const skipped: string[] = []
  for (const d of DIMENSIONS) {
    for (const m of PAIR_METRIC_NAMES) {
      const k = psm.nSequences - psm[d].nSequences[m]
      if (k > 0) skipped.push(`${m.toUpperCase()} ${d} in ${k}`)
    }
  }
  if (skipped.length > 0) out.push(`  undefined and skipped (constant series or < 2 frames): ${skipped.join('; ')} sequence(s)`)
  if (options.perSequence === true) {
    out.push('')
    out.push('Per sequence')
    out.push(
      ...alignTable([
        ['sequence', 'frames', 'V CCC', 'V PCC', 'V RMSE', 'A CCC', 'A PCC', 'A RMSE'],
        ...r.perSequence.map((s) => [
          s.id,
          String(s.nFrames),
          fmt(s.valence.ccc),
          fmt(s.valence.pcc),
          fmt(s.valence.rmse),
          fmt(s.arousal.ccc),
          fmt(s.arousal.pcc),
          fmt(s.arousal.rmse)
        ])
      ]).map((l) => `  ${l}`)
    )
  }
  return `${out.join('\n')}\n`
}
