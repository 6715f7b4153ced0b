/**
 * Test fixture for completion and apply: a real store in a temp folder, an AppContext whose job runner runs the
 * given job handlers on this thread (real progress, cancel → abort), and helpers to put a session in the store —
 * from a planned synthetic session (drawn landmarks, no video decoding) or from a real import result.
 */
import type { Database } from 'better-sqlite3'
import { insertAnnotator } from '../../db/queries/annotation'
import { insertFaceTrack } from '../../db/queries/faces'
import { insertSession, insertVideo } from '../../db/queries/sessions'
import { insertTrace } from '../../db/queries/traces'
import type { JobHandler } from '../../jobs/protocol'
import type { AppContext } from '../app-context'
import { testAppContext } from '../testing/test-context'

export function makeTestApp(handlers: Readonly<Record<string, JobHandler>>): AppContext {
  return testAppContext(handlers, { prefix: 'cx-complete-app-' })
}

export interface StoredSession {
  readonly sessionId: string
  readonly goldId: string
}

/** A session with a (fake-path) video, optional face track and a synthetic gold trace. */
export function storeSession(
  db: Database,
  s: { name: string; frames: number; fps: number; landmarks: Float32Array | null; valence: Float32Array; arousal: Float32Array; videoPath?: string; hasAudio?: boolean; size?: number }
): StoredSession {
  return db.transaction(() => {
    const sessionId = insertSession(db, { name: s.name })
    const videoId = insertVideo(db, sessionId, {
      path: s.videoPath ?? `/nonexistent/${s.name}.mp4`,
      width: s.size ?? 192,
      height: s.size ?? 192,
      fps: s.fps,
      frameCount: s.frames,
      durationS: s.frames / s.fps,
      isVfr: false,
      hasAudio: s.hasAudio ?? false,
      audioSampleRate: null,
      rotation: 0,
      contentHash: null,
      audioChannels: null,
      probe: {},
      timestamps: Float64Array.from({ length: s.frames }, (_, f) => f / s.fps)
    })
    if (s.landmarks) {
      insertFaceTrack(db, videoId, {
        track: 'main',
        detector: 'synthetic',
        frameCount: s.frames,
        landmarks: s.landmarks,
        boxes: new Float32Array(s.frames * 4),
        confidence: new Float32Array(s.frames).fill(1)
      })
    }
    const goldId = insertTrace(db, { sessionId, kind: 'gold', sourceType: 'synthetic', name: 'Ground truth (synthetic)' }, { valence: s.valence, arousal: s.arousal })
    return { sessionId, goldId }
  })()
}

/** An annotator's own trace holding the first `fraction` of the given values (the rest unrated). */
export function storeAnnotation(db: Database, sessionId: string, name: string, valence: Float32Array, arousal: Float32Array | null, fraction: number): { annotatorId: string; traceId: string } {
  const annotator = insertAnnotator(db, name)
  const cut = Math.round(fraction * valence.length)
  const frames = Array.from({ length: cut }, (_, f) => f)
  const traceId = insertTrace(
    db,
    { sessionId, kind: 'annotation', sourceType: 'annotator', sourceId: annotator.id, name },
    { frames, valence: valence.subarray(0, cut), arousal: arousal ? arousal.subarray(0, cut) : new Float32Array(cut).fill(NaN) }
  )
  return { annotatorId: annotator.id, traceId }
}
