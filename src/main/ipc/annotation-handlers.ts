import type { InvokeArgs, InvokeChannel, InvokeResult } from '../../shared/ipc/contract'
import { annotationService } from '../services/annotation/annotation-service'
import { computeTraceAgreement, fuseGold } from '../services/annotation/agreement'
import { exportTraces, importTrace, previewImport } from '../services/annotation/exchange'
import { ownTrace, passValues } from '../services/annotation/passes'
import type { AppContext } from '../services/app-context'

type AnnotationChannel = Extract<InvokeChannel, `annotators:${string}` | `projects:${string}` | `assignments:${string}` | `annotations:${string}`>

/** Binds the annotation channels (spread into createHandlers). */
export function createAnnotationHandlers(ctx: Pick<AppContext, 'db'>): {
  readonly [K in AnnotationChannel]: (args: InvokeArgs<K>) => InvokeResult<K>
} {
  const s = annotationService(ctx)
  const db = ctx.db
  return {
    'annotators:list': () => s.listAnnotators(),
    'annotators:create': ({ name }) => s.createAnnotator(name),
    'projects:list': () => s.listProjects(),
    'projects:create': ({ name, sessionIds, blind }) => s.createProject(name, sessionIds, blind),
    'projects:add-sessions': ({ projectId, sessionIds }) => s.addProjectSessions(projectId, sessionIds),
    'assignments:create': ({ annotatorId, sessionIds, projectId }) => s.assign(annotatorId, sessionIds, projectId),
    'assignments:list': (filter) => s.listAssignments(filter),
    'annotations:start-pass': (a) => s.startPass(a),
    'annotations:finish-pass': ({ passId }) => s.finishPass(passId),
    'annotations:own-trace': ({ sessionId, annotatorId }) => ownTrace(db, sessionId, annotatorId),
    'annotations:pass-values': ({ passId }) => passValues(db, passId),
    'annotations:append': ({ passId, samples }) => s.append(passId, samples),
    'annotations:edit': (r) => s.edit(r),
    'annotations:undo': ({ traceId }) => s.undo(traceId),
    'annotations:redo': ({ traceId }) => s.redo(traceId),
    'annotations:history': ({ traceId, limit }) => s.history(traceId, limit),
    'annotations:provenance': ({ traceId, fromFrame, toFrame }) => s.provenance(traceId, fromFrame, toFrame),
    'annotations:review': ({ traceId, fromFrame, toFrame }) => s.reviewSegments(traceId, fromFrame, toFrame),
    'annotations:set-review': ({ traceId, fromFrame, toFrame, status }) => s.setReview(traceId, fromFrame, toFrame, status),
    'annotations:visible-traces': ({ sessionId, annotatorId, blind }) => s.visibleTraces(sessionId, annotatorId, blind),
    'annotations:progress': (filter) => s.progress(filter),
    'annotations:export': ({ sessionId, projectId, traceIds, ...opts }) => exportTraces(db, { sessionId, projectId, traceIds }, opts),
    'annotations:import-preview': ({ sessionId, format, text, mapping, allowLengthMismatch }) => previewImport(db, sessionId, format, text, mapping, allowLengthMismatch),
    'annotations:import': (a) => importTrace(db, a),
    'annotations:agreement': (r) => computeTraceAgreement(db, r),
    'annotations:fuse': (r) => fuseGold(db, r)
  }
}
