/**
 * Completion proposals in the store. A proposal is an ordinary prediction trace (kind 'prediction', source_type
 * 'model_run', source_id NULL — a completion is a seconds-long fit to one session's one annotation, not a reusable
 * model run, so it is not put in the run registry) whose meta_json says what it is:
 *   { proposal: true, fromTraceId, annotatedFrames, proposedFrames: {valence, arousal}, method, ensemble,
 *     featureGroups, jobId, lambda: {valence, arousal}, audioNote }
 * and a per-frame extra 'confidence' (dims 2: std of V and of A across the ensemble members; NaN where nothing was
 * proposed). Review lists it like any prediction; the annotate workspace finds it by meta.proposal.
 */
import type { Database } from 'better-sqlite3'
import { ccc } from '../../../core/metrics/ccc'
import type { ProposalCheck, ProposalSummary } from '../../../shared/completion'
import { getTraceSummary, getTracePoints } from '../../db/queries/traces'

/** What a proposal trace keeps in its meta JSON: the summary's provenance fields plus how it was fitted. */
export interface ProposalMeta
  extends Pick<ProposalSummary, 'fromTraceId' | 'fromName' | 'annotatedFrames' | 'proposedFrames' | 'method' | 'ensemble' | 'featureGroups' | 'jobId'> {
  readonly proposal: true
  readonly lambda: { readonly valence: number | null; readonly arousal: number | null }
  readonly audioNote: string | null
}

interface Row {
  id: string
  session_id: string
  name: string
  created_at: string
  meta_json: string
}

function parseMeta(json: string): ProposalMeta | null {
  try {
    const m = JSON.parse(json) as Partial<ProposalMeta>
    return m && m.proposal === true && typeof m.fromTraceId === 'string' ? (m as ProposalMeta) : null
  } catch {
    return null
  }
}

/** The session's gold trace to check a proposal against: synthetic ground truth first, then any gold. */
export function referenceTrace(db: Database, sessionId: string): { id: string; name: string } | null {
  const r = db
    .prepare(
      `SELECT id, name FROM traces WHERE session_id = ? AND kind = 'gold'
        ORDER BY CASE source_type WHEN 'synthetic' THEN 0 ELSE 1 END, created_at LIMIT 1`
    )
    .get(sessionId) as { id: string; name: string } | undefined
  return r ?? null
}

function byFrame(db: Database, traceId: string, frames: number): { v: Float64Array; a: Float64Array } {
  const p = getTracePoints(db, traceId)
  const v = new Float64Array(frames).fill(NaN)
  const a = new Float64Array(frames).fill(NaN)
  p.frames.forEach((f, i) => {
    if (f < 0 || f >= frames) return
    v[f] = p.valence[i] ?? NaN
    a[f] = p.arousal[i] ?? NaN
  })
  return { v, a }
}

/** CCC of a proposal against a reference trace on the frames the proposal has (pairwise, per dimension). */
export function checkProposal(db: Database, proposalId: string, ref: { id: string; name: string }): ProposalCheck {
  const last = Math.max(getTraceSummary(db, proposalId)?.lastFrame ?? -1, getTraceSummary(db, ref.id)?.lastFrame ?? -1)
  const n = last + 1
  const p = byFrame(db, proposalId, n)
  const g = byFrame(db, ref.id, n)
  let frames = 0
  for (let f = 0; f < n; f++) if ((Number.isFinite(p.v[f]) && Number.isFinite(g.v[f])) || (Number.isFinite(p.a[f]) && Number.isFinite(g.a[f]))) frames++
  const dim = (x: Float64Array, y: Float64Array) => {
    const c = ccc(x, y)
    return Number.isFinite(c) ? c : null
  }
  return { traceId: ref.id, name: ref.name, frames, cccValence: dim(p.v, g.v), cccArousal: dim(p.a, g.a) }
}

function toSummary(db: Database, r: Row, m: ProposalMeta, ref: { id: string; name: string } | null): ProposalSummary {
  return {
    traceId: r.id,
    sessionId: r.session_id,
    name: r.name,
    createdAt: r.created_at,
    fromTraceId: m.fromTraceId,
    fromName: m.fromName,
    annotatedFrames: m.annotatedFrames,
    proposedFrames: m.proposedFrames,
    method: m.method,
    ensemble: m.ensemble,
    featureGroups: m.featureGroups,
    jobId: m.jobId,
    check: ref ? checkProposal(db, r.id, ref) : null
  }
}

/** Proposals of a session, newest first (optionally only those learned from one trace). */
export function listProposals(db: Database, sessionId: string, fromTraceId?: string): ProposalSummary[] {
  const rows = db
    .prepare(
      `SELECT id, session_id, name, created_at, meta_json FROM traces
        WHERE session_id = ? AND kind = 'prediction' AND json_extract(meta_json, '$.proposal') = 1
        ORDER BY created_at DESC, id DESC`
    )
    .all(sessionId) as Row[]
  const ref = referenceTrace(db, sessionId)
  const out: ProposalSummary[] = []
  for (const r of rows) {
    const m = parseMeta(r.meta_json)
    if (m && (fromTraceId === undefined || m.fromTraceId === fromTraceId)) out.push(toSummary(db, r, m, ref))
  }
  return out
}

/** One proposal by trace id, or null when the trace is not a proposal. */
export function getProposal(db: Database, traceId: string): ProposalSummary | null {
  const r = db.prepare(`SELECT id, session_id, name, created_at, meta_json FROM traces WHERE id = ? AND kind = 'prediction'`).get(traceId) as Row | undefined
  const m = r ? parseMeta(r.meta_json) : null
  return r && m ? toSummary(db, r, m, referenceTrace(db, r.session_id)) : null
}

/** Deletes a proposal trace (its points and extras go with it); false when the trace is not a proposal. */
export function deleteProposal(db: Database, traceId: string): boolean {
  const r = db.prepare(`SELECT meta_json FROM traces WHERE id = ? AND kind = 'prediction'`).get(traceId) as { meta_json: string } | undefined
  if (!r || !parseMeta(r.meta_json)) return false
  db.prepare('DELETE FROM traces WHERE id = ?').run(traceId)
  return true
}
