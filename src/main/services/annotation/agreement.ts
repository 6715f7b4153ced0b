/**
 * Agreement between traces (annotations:agreement) and gold-standard fusion (annotations:fuse).
 *
 * Agreement builds a ratings matrix (rows = frames, columns = traces; a project concatenates its sessions' frames
 * with one column per annotator) and runs `computeAgreementReport` — the very function behind `circumplex
 * agreement` — raw and, on request, lag-corrected: each rater's lag against the leave-one-out mean of the others
 * is estimated by cross-correlation (core/traces `estimateLag`, 0..maxLagS) and removed (`correctLag`).
 */
import type { Database } from 'better-sqlite3'
import type { AgreementRequest, AgreementResult, FuseRequest, FuseResult, RaterLag } from '../../../shared/annotation'
import type { TraceSummary } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { leaveOneOutMean } from '../../../core/metrics'
import { correctLag, estimateLag, fuseTraces, type FusionSpec } from '../../../core/traces'
import { getAnnotator, getProject, insertGoldRecipe } from '../../db/queries/annotation'
import { getSession } from '../../db/queries/sessions'
import { getTracePoints, getTraceSummary, insertTrace } from '../../db/queries/traces'
import { computeAgreementReport, type RatingsInput } from '../agreement-report'
import { recordEdit } from './edit-log'
import { emptyRange, f32 } from './va-blob'

function dense(db: Database, traceId: string, n: number, dim: 'valence' | 'arousal'): Float64Array {
  const out = new Float64Array(n).fill(NaN)
  const p = getTracePoints(db, traceId, 0, n - 1)
  const src = dim === 'valence' ? p.valence : p.arousal
  p.frames.forEach((f, i) => (out[f] = src[i] ?? NaN))
  return out
}

function frameCountOf(db: Database, sessionId: string): { n: number; fps: number } {
  const s = getSession(db, sessionId)
  if (!s) throw new AppError('NOT_FOUND', `no session ${sessionId}`)
  if (!s.video) throw new AppError('NOT_FOUND', `session ${sessionId} has no video`)
  return { n: s.video.frameCount, fps: s.video.fps }
}

/** The rater name of a trace: its annotator's name for annotation traces, else the trace name. */
function raterName(db: Database, t: TraceSummary): string {
  return t.kind === 'annotation' && t.sourceId ? (getAnnotator(db, t.sourceId)?.name ?? t.name) : t.name
}

/** Columns (one per rater) of a ratings table over the chosen traces, with per-session segments. */
function buildColumns(db: Database, r: AgreementRequest) {
  const traces = r.traceIds.map((id) => {
    const t = getTraceSummary(db, id)
    if (!t) throw new AppError('NOT_FOUND', `no trace ${id}`)
    return t
  })
  let sessions: readonly string[]
  if (r.projectId !== undefined) {
    const p = getProject(db, r.projectId)
    if (!p) throw new AppError('NOT_FOUND', `no project ${r.projectId}`)
    sessions = p.sessionIds.filter((s) => traces.some((t) => t.sessionId === s))
  } else if (r.sessionId !== undefined) sessions = [r.sessionId]
  else throw new AppError('INVALID_ARGUMENT', 'name a session or a project')
  const outside = traces.filter((t) => !sessions.includes(t.sessionId))
  if (outside.length > 0) throw new AppError('INVALID_ARGUMENT', `trace ${outside[0].id} is not on ${r.projectId ? 'a session of the project' : `session ${r.sessionId}`}`)
  // Raters: by annotator (source id) for annotation traces, else per trace.
  const keyOf = (t: TraceSummary): string => (t.kind === 'annotation' && t.sourceId ? `a:${t.sourceId}` : `t:${t.id}`)
  const keys = [...new Set(traces.map(keyOf))]
  if (keys.length < 2) throw new AppError('INVALID_ARGUMENT', 'agreement needs at least 2 raters')
  const names = keys.map((k) => raterName(db, traces.find((t) => keyOf(t) === k) as TraceSummary))
  const seen = new Map<string, number>()
  const unique = names.map((nm) => {
    const c = (seen.get(nm) ?? 0) + 1
    seen.set(nm, c)
    return c === 1 ? nm : `${nm} (${c})`
  })
  const segments = sessions.map((sid) => {
    const { n, fps } = frameCountOf(db, sid)
    const cols = keys.map((k) => {
      const own = traces.filter((t) => t.sessionId === sid && keyOf(t) === k)
      if (own.length > 1) throw new AppError('INVALID_ARGUMENT', `rater ${k.slice(2)} has ${own.length} traces on session ${sid}; choose one`)
      return own.length === 1 ? dense(db, own[0].id, n, r.dimension) : new Float64Array(n).fill(NaN)
    })
    return { sessionId: sid, n, fps, cols }
  })
  return { keys, names: unique, traces, segments, keyOf }
}

function toInput(names: readonly string[], segments: readonly { n: number; cols: Float64Array[] }[]): RatingsInput {
  const matrix: number[][] = []
  let missing = 0
  let rowsWithMissing = 0
  for (const s of segments) {
    for (let f = 0; f < s.n; f++) {
      const row = s.cols.map((c) => c[f])
      const m = row.filter((x) => !Number.isFinite(x)).length
      missing += m
      if (m > 0) rowsWithMissing++
      matrix.push(row)
    }
  }
  return { raters: names, indexColumn: 'frame', matrix, nMissingCells: missing, nRowsWithMissing: rowsWithMissing }
}

export function computeTraceAgreement(db: Database, r: AgreementRequest): AgreementResult {
  const { keys, names, traces, segments, keyOf } = buildColumns(db, r)
  const source = `${r.projectId ? `project ${r.projectId}` : `session ${r.sessionId}`} ${r.dimension}`
  const raw = computeAgreementReport(toInput(names, segments), { confidence: r.confidence, source })
  let lagCorrected: AgreementResult['lagCorrected'] = null
  if (r.lagCorrect) {
    // One lag per rater, estimated on the concatenated frames against the leave-one-out mean of the others.
    const rows = toInput(names, segments).matrix
    const fps = segments[0].fps
    const lags: RaterLag[] = keys.map((_, k) => {
      const own = Float64Array.from(rows, (row) => row[k])
      const ref = leaveOneOutMean(rows, k)
      const est = estimateLag(ref, own, { rate: fps, maxLag: r.maxLagS ?? 5, minLag: 0 })
      const lagFrames = Number.isFinite(est.lagSamples) ? est.lagSamples : 0
      return { rater: names[k], lagFrames, lagS: lagFrames / fps, correlation: est.correlation }
    })
    const shifted = segments.map((s) => ({ n: s.n, cols: s.cols.map((c, k) => correctLag(c, lags[k].lagFrames)) }))
    lagCorrected = { lags, report: computeAgreementReport(toInput(names, shifted), { confidence: r.confidence, source: `${source} (lag-corrected)` }) }
  }
  return {
    dimension: r.dimension,
    raters: keys.map((k, i) => ({ name: names[i], traceIds: traces.filter((t) => keyOf(t) === k).map((t) => t.id) })),
    frames: raw.nTargets,
    raw,
    lagCorrected
  }
}

/** Fuses traces of one session into a gold trace (kind 'gold', source 'fusion') with its recipe and a 'fuse' edit. */
export function fuseGold(db: Database, r: FuseRequest): FuseResult {
  const traces = r.traceIds.map((id) => {
    const t = getTraceSummary(db, id)
    if (!t) throw new AppError('NOT_FOUND', `no trace ${id}`)
    return t
  })
  const sessionId = traces[0].sessionId
  if (traces.some((t) => t.sessionId !== sessionId)) throw new AppError('INVALID_ARGUMENT', 'fusion needs traces of one session')
  if (new Set(r.traceIds).size !== r.traceIds.length) throw new AppError('INVALID_ARGUMENT', 'a trace is listed twice')
  const { n } = frameCountOf(db, sessionId)
  const spec = (): FusionSpec =>
    r.method === 'dba' ? { method: 'dba', ...(r.band !== undefined ? { band: r.band } : {}) } : { method: r.method, ...(r.minRaters !== undefined ? { minRaters: r.minRaters } : {}) }
  const fused = (['valence', 'arousal'] as const).map((dim) => fuseTraces(traces.map((t) => dense(db, t.id, n, dim)), spec()))
  return db
    .transaction(() => {
      const traceId = insertTrace(
        db,
        { sessionId, kind: 'gold', sourceType: 'fusion', name: r.name ?? `gold (${r.method}, ${traces.length} raters)`, meta: { inputs: r.traceIds } },
        { valence: [], arousal: [] }
      )
      const after = emptyRange(n)
      for (let f = 0; f < n; f++) {
        after[2 * f] = f32(fused[0].values[f])
        after[2 * f + 1] = f32(fused[1].values[f])
      }
      const recipe = { valence: fused[0].recipe, arousal: fused[1].recipe }
      recordEdit(db, { traceId, kind: 'fuse', fromFrame: 0, toFrame: n - 1, before: emptyRange(n), after, params: { method: r.method, inputs: r.traceIds }, author: { type: 'system', id: null } })
      insertGoldRecipe(db, traceId, r.method, recipe, r.traceIds)
      return { traceId, recipe }
    })
    .immediate()
}
