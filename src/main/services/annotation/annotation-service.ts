/**
 * Annotation service: annotators, projects and assignments; rating passes writing into each annotator's own trace;
 * logged edits with undo/redo; review status; blind mode; progress. Exchange (CSV import/export), agreement and
 * fusion live in ./exchange.ts and ./agreement.ts.
 */
import type { Database } from 'better-sqlite3'
import type {
  AnnotatorProgress,
  Annotator,
  Assignment,
  EditResult,
  PointProvenance,
  Project,
  RateSample,
  RatingMode,
  RatingPass,
  ReviewStatus,
  SegmentReview,
  TraceEdit,
  AppendResult,
  EditHistory,
  EditRequest
} from '../../../shared/annotation'
import type { TraceSummary } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import * as q from '../../db/queries/annotation'
import { getSession } from '../../db/queries/sessions'
import { getTraceSummary, getTracePoints, listTraces } from '../../db/queries/traces'
import { appendSamples } from './append'
import { ensureOwnTrace } from './passes'
import { editAvailability, listEdits, recordEdit, redoNext, resolveProvenance, undoLast, type EditAuthor } from './edit-log'
import { redrawValues, rejectValues, replaceValues, shiftValues, smoothValues } from './edit-ops'
import { reviewedFrames, segmentsIn, setSegmentStatus } from './review-segments'
import { readRange } from './va-blob'

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')
}

export function annotationService(ctx: { readonly db: Database }) {
  const db = ctx.db
  const tx = <T>(fn: () => T): T => db.transaction(fn).immediate()

  const requireSession = (id: string) => {
    const s = getSession(db, id)
    if (!s) throw new AppError('NOT_FOUND', `no session ${id}`)
    return s
  }
  const requireAnnotator = (id: string): Annotator => {
    const a = q.getAnnotator(db, id)
    if (!a) throw new AppError('NOT_FOUND', `no annotator ${id}`)
    return a
  }
  const requireTrace = (id: string): TraceSummary => {
    const t = getTraceSummary(db, id)
    if (!t) throw new AppError('NOT_FOUND', `no trace ${id}`)
    return t
  }

  /** Who may change a trace: predictions never; an annotator's trace only by that annotator (or a system/model pre-fill). */
  const authorFor = (t: TraceSummary, annotatorId: string | undefined): EditAuthor => {
    if (t.kind === 'prediction') throw new AppError('CONFLICT', `trace ${t.id} is a model prediction; copy it into an annotation with 'replace'`)
    if (annotatorId === undefined) {
      if (t.kind !== 'gold') throw new AppError('CONFLICT', `edits of annotation trace ${t.id} need the annotator`)
      return { type: 'system', id: null }
    }
    requireAnnotator(annotatorId)
    if (t.kind === 'annotation' && t.sourceId !== annotatorId) {
      throw new AppError('CONFLICT', `trace ${t.id} belongs to another annotator; merges are explicit (annotations:fuse)`)
    }
    return { type: 'annotator', id: annotatorId }
  }

  const service = {
    createAnnotator(name: string): Annotator {
      try {
        return q.insertAnnotator(db, name)
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('CONFLICT', `an annotator named '${name}' exists`)
        throw e
      }
    },
    listAnnotators: (): Annotator[] => q.listAnnotators(db),
    /** The annotator of that name, created when missing (CLI import). */
    annotatorNamed(name: string): Annotator {
      return q.getAnnotatorByName(db, name) ?? service.createAnnotator(name)
    },

    createProject(name: string, sessionIds: readonly string[], blind = false): Project {
      return tx(() => {
        sessionIds.forEach(requireSession)
        const id = q.insertProject(db, name, blind)
        q.addProjectSessions(db, id, sessionIds)
        return q.getProject(db, id) as Project
      })
    },
    addProjectSessions(projectId: string, sessionIds: readonly string[]): Project {
      return tx(() => {
        if (!q.getProject(db, projectId)) throw new AppError('NOT_FOUND', `no project ${projectId}`)
        sessionIds.forEach(requireSession)
        q.addProjectSessions(db, projectId, sessionIds)
        return q.getProject(db, projectId) as Project
      })
    },
    listProjects: (): Project[] => q.listProjects(db),
    getProject(projectId: string): Project {
      const p = q.getProject(db, projectId)
      if (!p) throw new AppError('NOT_FOUND', `no project ${projectId}`)
      return p
    },

    assign(annotatorId: string, sessionIds: readonly string[], projectId?: string): Assignment[] {
      return tx(() => {
        requireAnnotator(annotatorId)
        if (projectId !== undefined) {
          const p = service.getProject(projectId)
          const outside = sessionIds.filter((s) => !p.sessionIds.includes(s))
          if (outside.length > 0) throw new AppError('INVALID_ARGUMENT', `session(s) ${outside.join(', ')} are not in project ${projectId}`)
        }
        return sessionIds.map((s) => {
          requireSession(s)
          return q.upsertAssignment(db, annotatorId, s, projectId ?? null)
        })
      })
    },
    listAssignments: (filter: { annotatorId?: string; projectId?: string } = {}): Assignment[] => q.listAssignments(db, filter),

    /** Starts a pass; creates the annotator's own annotation trace on the session the first time. */
    startPass(a: { sessionId: string; annotatorId: string; mode: RatingMode; inputLagS?: number; speed?: number }): RatingPass {
      return tx(() => {
        const traceId = ensureOwnTrace(db, a.sessionId, a.annotatorId)
        return q.insertPass(db, { sessionId: a.sessionId, annotatorId: a.annotatorId, traceId, mode: a.mode, inputLagS: a.inputLagS ?? 0, speed: a.speed ?? 1 })
      })
    },
    finishPass(passId: string): RatingPass {
      return tx(() => {
        if (!q.getPass(db, passId)) throw new AppError('NOT_FOUND', `no rating pass ${passId}`)
        q.finishPass(db, passId)
        return q.getPass(db, passId) as RatingPass
      })
    },
    getPass(passId: string): RatingPass {
      const p = q.getPass(db, passId)
      if (!p) throw new AppError('NOT_FOUND', `no rating pass ${passId}`)
      return p
    },

    append: (passId: string, samples: readonly RateSample[]): AppendResult => appendSamples(db, passId, samples),

    edit(r: EditRequest): TraceEdit {
      return tx(() => {
        const t = requireTrace(r.traceId)
        const author = authorFor(t, r.annotatorId)
        const d = r.dimension ?? 'both'
        const frameCount = requireSession(t.sessionId).video?.frameCount ?? null
        if (frameCount !== null && r.toFrame >= frameCount) throw new AppError('INVALID_ARGUMENT', `toFrame ${r.toFrame} is past the last frame ${frameCount - 1}`)
        let from = r.fromFrame
        let to = r.toFrame
        if (r.op === 'shift') {
          from = Math.max(0, Math.min(r.fromFrame, r.fromFrame + r.frames))
          to = Math.max(r.toFrame, r.toFrame + r.frames)
          if (frameCount !== null) to = Math.min(to, frameCount - 1)
        }
        const before = readRange(db, r.traceId, from, to)
        const base = { traceId: r.traceId, fromFrame: from, toFrame: to, before, author, params: { dimension: d } as Record<string, unknown> }
        switch (r.op) {
          case 'accept':
            return recordEdit(db, { ...base, kind: 'accept', after: before.slice(), status: 'accepted' })
          case 'reject':
            return recordEdit(db, { ...base, kind: 'reject', after: rejectValues(before, d), status: 'corrected' })
          case 'redraw':
            return recordEdit(db, { ...base, kind: 'redraw', after: redrawValues(before, r), status: 'corrected' })
          case 'shift':
            return recordEdit(db, {
              ...base,
              kind: 'shift',
              params: { ...base.params, frames: r.frames, rangeFrom: r.fromFrame, rangeTo: r.toFrame },
              after: shiftValues(before, from, r.fromFrame, r.toFrame, r.frames, d),
              status: 'corrected'
            })
          case 'smooth':
            return recordEdit(db, { ...base, kind: 'smooth', params: { ...base.params, ...r.smoothing }, after: smoothValues(before, r.smoothing, d), status: 'corrected' })
          case 'replace': {
            const src = requireTrace(r.sourceTraceId)
            if (src.sessionId !== t.sessionId) throw new AppError('INVALID_ARGUMENT', `trace ${src.id} is on another session`)
            if (src.id === t.id) throw new AppError('INVALID_ARGUMENT', 'a trace cannot replace itself')
            return recordEdit(db, {
              ...base,
              kind: 'replace',
              params: { ...base.params, sourceTraceId: src.id, sourceKind: src.kind },
              after: replaceValues(before, readRange(db, src.id, from, to), d),
              status: 'corrected'
            })
          }
        }
      })
    },
    undo: (traceId: string): EditResult => tx(() => (requireTrace(traceId), undoLast(db, traceId))),
    redo: (traceId: string): EditResult => tx(() => (requireTrace(traceId), redoNext(db, traceId))),
    history(traceId: string, limit = 200): EditHistory {
      requireTrace(traceId)
      return { edits: listEdits(db, traceId, limit), ...editAvailability(db, traceId) }
    },
    provenance(traceId: string, fromFrame: number, toFrame: number): PointProvenance {
      requireTrace(traceId)
      return resolveProvenance(db, traceId, fromFrame, toFrame)
    },

    reviewSegments(traceId: string, fromFrame?: number, toFrame?: number): SegmentReview[] {
      requireTrace(traceId)
      return segmentsIn(db, traceId, fromFrame, toFrame)
    },
    setReview(traceId: string, fromFrame: number, toFrame: number, status: ReviewStatus): SegmentReview[] {
      return tx(() => {
        requireTrace(traceId)
        setSegmentStatus(db, traceId, fromFrame, toFrame, status)
        return segmentsIn(db, traceId)
      })
    },

    /**
     * Traces an annotator may see on a session. Blind (explicit, or by default when a blind project assigns the
     * session): only their own annotation traces — no predictions, no other annotators, no gold.
     */
    visibleTraces(sessionId: string, annotatorId: string, blind?: boolean): TraceSummary[] {
      requireSession(sessionId)
      requireAnnotator(annotatorId)
      const all = listTraces(db, sessionId)
      const isBlind = blind ?? q.isBlindFor(db, annotatorId, sessionId)
      return isBlind ? all.filter((t) => t.kind === 'annotation' && t.sourceId === annotatorId) : all
    },

    /** Per assignment: frames rated per dimension, passes, frames reviewed. */
    progress(filter: { annotatorId?: string; projectId?: string } = {}): AnnotatorProgress[] {
      return q.listAssignments(db, filter).map((a) => {
        const annotator = requireAnnotator(a.annotatorId)
        const traceId = q.findAnnotatorTrace(db, a.sessionId, a.annotatorId)
        const counts = traceId
          ? (db.prepare('SELECT count(valence) AS v, count(arousal) AS a FROM trace_points WHERE trace_id = ?').get(traceId) as { v: number; a: number })
          : { v: 0, a: 0 }
        const passes = q.passCounts(db, a.annotatorId, a.sessionId)
        return {
          annotatorId: a.annotatorId,
          annotatorName: annotator.name,
          sessionId: a.sessionId,
          projectId: a.projectId,
          traceId,
          frameCount: getSession(db, a.sessionId)?.video?.frameCount ?? 0,
          valenceRated: counts.v,
          arousalRated: counts.a,
          passesStarted: passes.started,
          passesFinished: passes.finished,
          framesReviewed: traceId ? reviewedFrames(db, traceId) : 0
        }
      })
    },

    /** Values of a trace as the edit log sees them (test and export helper). */
    points: (traceId: string, fromFrame?: number, toFrame?: number) => getTracePoints(db, traceId, fromFrame, toFrame)
  }
  return service
}

export type AnnotationService = ReturnType<typeof annotationService>
