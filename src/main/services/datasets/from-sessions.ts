/**
 * Reads what a dataset built from sessions needs from the store (on main: a few key lookups and blob reads per
 * session): the video, the 'main' face track's landmarks, and the chosen trace's values per video frame. Sessions
 * that cannot contribute are refused with a message naming the session and what it lacks.
 */
import type { Database } from 'better-sqlite3'
import type { TraceSummary } from '../../../shared/domain'
import { hasControlCharacter, type DatasetFormat, type FromSessionsRequest } from '../../../shared/datasets'
import { AppError } from '../../../shared/ipc/errors'
import { getAnnotator } from '../../db/queries/annotation'
import { getFaceTrack } from '../../db/queries/faces'
import { getSession } from '../../db/queries/sessions'
import { getTracePoints, listTraces } from '../../db/queries/traces'
import type { SessionClipSpec } from './sessions-folder'

/** A file-name-safe clip id from a session name (letters, digits, _ . -), unique among `taken`. */
export function clipIdOf(name: string, taken: Set<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[^\w.-]+/g, '_')
      .replace(/^[._]+|_+$/g, '')
      .slice(0, 60) || 'session'
  let id = base
  for (let i = 2; taken.has(id.toLowerCase()); i++) id = `${base}-${i}`
  taken.add(id.toLowerCase())
  return id
}

function pickTrace(db: Database, sessionId: string, label: string, req: FromSessionsRequest): TraceSummary {
  const traces = listTraces(db, sessionId)
  const src = req.source
  if (src.kind === 'gold') {
    const gold = traces.filter((t) => t.kind === 'gold')
    const t = gold[gold.length - 1]
    if (!t) throw new AppError('INVALID_ARGUMENT', `session ${label} has no gold trace: fuse the annotators' traces in Annotate first, or pick an annotator`)
    return t
  }
  if (src.kind === 'annotator') {
    const t = traces.find((x) => x.kind === 'annotation' && x.sourceType === 'annotator' && x.sourceId === src.annotatorId)
    if (!t) {
      const who = getAnnotator(db, src.annotatorId)?.name ?? src.annotatorId
      throw new AppError('INVALID_ARGUMENT', `session ${label} has no trace by annotator ${who}`)
    }
    return t
  }
  const id = src.traceIds[sessionId]
  if (!id) throw new AppError('INVALID_ARGUMENT', `no trace chosen for session ${label}`)
  const t = traces.find((x) => x.id === id)
  if (!t) throw new AppError('NOT_FOUND', `trace ${id} is not a trace of session ${label}`)
  return t
}

export interface SessionsPlan {
  readonly clips: SessionClipSpec[]
  readonly fps: number
  /** 'afew-va' when every frame of every clip is labelled; else 'aff-wild2' (which can mark a frame unlabelled). */
  readonly format: DatasetFormat
}

/** The clips of a dataset built from `req.sessionIds`. */
export function planFromSessions(db: Database, req: FromSessionsRequest): SessionsPlan {
  if (req.sessionIds.length === 0) throw new AppError('INVALID_ARGUMENT', 'choose at least one session')
  if (new Set(req.sessionIds).size !== req.sessionIds.length) throw new AppError('INVALID_ARGUMENT', 'a session is listed twice')
  for (const id of Object.keys(req.subjects ?? {})) {
    if (!req.sessionIds.includes(id)) throw new AppError('INVALID_ARGUMENT', `the subject map names session ${id}, which is not among the chosen sessions`)
  }
  const taken = new Set<string>()
  let gaps = 0
  let fps = 0
  const clips = req.sessionIds.map((sessionId): SessionClipSpec => {
    const s = getSession(db, sessionId)
    if (!s) throw new AppError('NOT_FOUND', `no session ${sessionId}`)
    const label = `'${s.name}' (${sessionId})`
    if (!s.video) throw new AppError('INVALID_ARGUMENT', `session ${label} has no video`)
    const face = getFaceTrack(db, sessionId, 'main')
    if (!face || face.confidence.every((c) => Number.isNaN(c))) {
      throw new AppError('INVALID_ARGUMENT', `session ${label} has no face track: import it with face tracking first`)
    }
    const trace = pickTrace(db, sessionId, label, req)
    const n = face.frameCount
    const valence = new Float32Array(n).fill(NaN)
    const arousal = new Float32Array(n).fill(NaN)
    const pts = getTracePoints(db, trace.id, 0, n - 1)
    let labelled = 0
    pts.frames.forEach((f, i) => {
      const v = pts.valence[i]
      const a = pts.arousal[i]
      if (v === null || a === null) return
      valence[f] = v
      arousal[f] = a
      labelled++
    })
    if (labelled === 0) throw new AppError('INVALID_ARGUMENT', `session ${label} has no labels in trace '${trace.name}'`)
    gaps += n - labelled
    const subjectId = (req.subjects?.[sessionId] ?? s.name).trim()
    if (subjectId.length === 0 || subjectId.length > 200 || hasControlCharacter(subjectId)) {
      throw new AppError('INVALID_ARGUMENT', `session ${label}: subject ids have 1 to 200 printable characters`)
    }
    fps ||= s.video.fps
    return {
      clipId: clipIdOf(s.name, taken),
      subjectId,
      sessionId,
      sessionName: s.name,
      traceId: trace.id,
      traceName: trace.name,
      video: s.video.path,
      valence,
      arousal,
      landmarks: face.landmarks
    }
  })
  return { clips, fps: fps || 25, format: gaps === 0 ? 'afew-va' : 'aff-wild2' }
}
