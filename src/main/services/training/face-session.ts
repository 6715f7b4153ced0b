/**
 * The face-track input of an inference job over a frozen stage-1 image backbone (the AP and multi-task services):
 * why a session cannot be used (no video, no face track), and the session as the job reads it: video, landmarks
 * and per-frame presentation times (from the store, else frame / fps).
 */
import { getFaceTrack } from '../../db/queries/faces'
import { getFrameTimestamps, getSession } from '../../db/queries/sessions'
import type { AppContext } from '../app-context'

export interface FaceSessionInput {
  readonly id: string
  readonly video: string
  readonly frames: number
  /** frames × 136, NaN = no face. */
  readonly landmarks: Float32Array
  /** Presentation times relative to frame 0 (s). */
  readonly timesSec: Float64Array
}

/** Whether a job argument is a FaceSessionInput (the shape crossing into the worker). */
export function isFaceSessionInput(x: unknown): x is FaceSessionInput {
  const s = x as Record<string, unknown> | null | undefined
  return !!s && typeof s.id === 'string' && typeof s.video === 'string' && typeof s.frames === 'number' && s.landmarks instanceof Float32Array && s.timesSec instanceof Float64Array
}

/** Why a session cannot be read from its face crops, or null when it can; `why` ends the no-face-track message. */
export function faceSessionRefusal(ctx: AppContext, sessionId: string, why: string): { code: 'NOT_FOUND'; message: string } | null {
  const session = getSession(ctx.db, sessionId)
  if (!session?.video) return { code: 'NOT_FOUND', message: `no session ${sessionId} with a video` }
  if (!getFaceTrack(ctx.db, sessionId)) return { code: 'NOT_FOUND', message: `session ${sessionId} (${session.name}) has no face track: import it with faces (${why})` }
  return null
}

/** The session's name and job input; call after faceSessionRefusal returned null. */
export function faceSessionInput(ctx: AppContext, sessionId: string): { name: string; input: FaceSessionInput } {
  const session = getSession(ctx.db, sessionId)!
  const video = session.video!
  const track = getFaceTrack(ctx.db, sessionId)!
  const ts = getFrameTimestamps(ctx.db, sessionId)
  const frames = track.frameCount
  return {
    name: session.name,
    input: {
      id: sessionId,
      video: video.path,
      frames,
      landmarks: track.landmarks,
      timesSec: ts && ts.length >= frames ? ts : Float64Array.from({ length: frames }, (_, f) => f / (video.fps || 25))
    }
  }
}
