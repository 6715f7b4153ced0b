import type { FaceRange, ReviewFacts, SessionTimestamps, TraceExtraInfo, TraceExtraRange } from '../../../shared/review'
import { existsSync } from 'node:fs'
import { AppError } from '../../../shared/ipc/errors'
import { countTracesBySource, getFaceTrackInfo, getFaceTrackSlice, getSpectrogramRow, getVideoFile } from '../../db/queries/review'
import { getTraceExtraRows, listSessionTraceExtras } from '../../db/queries/runs'
import { getFrameTimestamps, getSession } from '../../db/queries/sessions'
import { getTraceSummary } from '../../db/queries/traces'
import type { AppContext } from '../app-context'

const b64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')

/** Per-session data of the review workspace: timestamps, facts, face ranges, and the video file for the media route. */
export function reviewService(ctx: AppContext) {
  const requireSession = (sessionId: string) => {
    if (!getSession(ctx.db, sessionId)) throw new AppError('NOT_FOUND', `no session ${sessionId}`)
  }
  return {
    timestamps(sessionId: string): SessionTimestamps {
      requireSession(sessionId)
      const ts = getFrameTimestamps(ctx.db, sessionId)
      if (!ts) throw new AppError('NOT_FOUND', `session ${sessionId} has no video`)
      return { sessionId, frameCount: ts.length, timestamps: b64(ts) }
    },

    facts(sessionId: string): ReviewFacts {
      requireSession(sessionId)
      const video = getVideoFile(ctx.db, sessionId)
      const spec = getSpectrogramRow(ctx.db, sessionId)
      return {
        sessionId,
        faces: getFaceTrackInfo(ctx.db, sessionId),
        spectrogram: spec ? { columns: spec.columns, hop: spec.hop, sampleRate: spec.sampleRate, nMels: spec.nMels } : null,
        audioDurationS: video?.audioDurationS ?? null,
        modelRuns: countTracesBySource(ctx.db, sessionId, 'model_run'),
        videoFileFound: video ? existsSync(video.path) : false,
        attentionRuns: new Set(listSessionTraceExtras(ctx.db, sessionId).filter((e) => e.kind === 'attention').map((e) => e.traceId)).size
      }
    },

    /** Per-frame extras (attention, gates, quadrant probabilities) stored with the session's prediction traces. */
    extras(sessionId: string): TraceExtraInfo[] {
      requireSession(sessionId)
      return listSessionTraceExtras(ctx.db, sessionId)
    },

    extra(traceId: string, kind: string, fromFrame = 0, toFrame = 2 ** 31 - 1): TraceExtraRange | null {
      if (!getTraceSummary(ctx.db, traceId)) throw new AppError('NOT_FOUND', `no trace ${traceId}`)
      const r = getTraceExtraRows(ctx.db, traceId, kind, fromFrame, toFrame)
      if (!r) return null
      return { traceId, kind, dims: r.dims, fromFrame: r.from, rows: r.rows, data: r.bytes.toString('base64') }
    },

    faces(sessionId: string, fromFrame: number, toFrame: number, track = 'main'): FaceRange | null {
      requireSession(sessionId)
      const info = getFaceTrackInfo(ctx.db, sessionId, track)
      if (!info) return null
      if (fromFrame >= info.frameCount) throw new AppError('INVALID_ARGUMENT', `fromFrame ${fromFrame} is past the last frame ${info.frameCount - 1}`)
      const to = Math.min(toFrame, info.frameCount - 1)
      const s = getFaceTrackSlice(ctx.db, sessionId, track, fromFrame, to)
      if (!s) return null
      return {
        sessionId,
        track,
        detector: info.detector,
        fromFrame,
        toFrame: to,
        frameCount: info.frameCount,
        landmarks: s.landmarks.toString('base64'),
        boxes: s.boxes.toString('base64'),
        confidence: s.confidence.toString('base64')
      }
    },

    /** Absolute path of the session's video as stored at import (the media route serves only this). */
    videoPath(sessionId: string): string | null {
      return getVideoFile(ctx.db, sessionId)?.path ?? null
    }
  }
}
