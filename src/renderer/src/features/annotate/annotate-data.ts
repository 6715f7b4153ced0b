import type { Annotator, OwnTrace } from '../../../../shared/annotation'
import type { SessionSummary, TraceSummary } from '../../../../shared/domain'
import { api } from '../../api'
import { decodeFloat64 } from '../../lib/session/frame-sync'

export interface AnnotateData {
  readonly session: SessionSummary
  readonly timestamps: Float64Array
  readonly annotator: Annotator
  readonly own: OwnTrace
  /** Traces the annotator may see (blind: only their own). */
  readonly visible: readonly TraceSummary[]
  readonly blind: boolean
}

/** Everything the annotate workspace needs for one session and annotator (the own trace is created if missing). */
export async function loadAnnotateData(sessionId: string, annotatorId: string, blind: boolean): Promise<AnnotateData> {
  const c = api()
  const [session, annotators] = await Promise.all([c.invoke('sessions:get', { sessionId }), c.invoke('annotators:list', {})])
  const annotator = annotators.find((a) => a.id === annotatorId)
  if (!annotator) throw Object.assign(new Error(`no annotator ${annotatorId}`), { code: 'NOT_FOUND' })
  const [ts, own, visible] = await Promise.all([
    session.video ? c.invoke('sessions:timestamps', { sessionId }) : Promise.resolve(null),
    c.invoke('annotations:own-trace', { sessionId, annotatorId }),
    c.invoke('annotations:visible-traces', { sessionId, annotatorId, blind: blind || undefined })
  ])
  return { session, timestamps: ts ? decodeFloat64(ts.timestamps) : new Float64Array(0), annotator, own, visible, blind }
}
