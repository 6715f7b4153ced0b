/**
 * Live rating: the UI sends the samples of the last ~250 ms as one batch ([frame, valence?, arousal?], frame =
 * displayed frame − the rater's input lag). Each batch is ONE short IMMEDIATE transaction in WAL mode: the points
 * and the batch's 'rate' edit-log entry commit together or not at all, so a crash (kill -9) loses at most the
 * batch in flight — never a committed one, and never half of one.
 */
import type { Database } from 'better-sqlite3'
import type { AppendResult, RateSample } from '../../../shared/annotation'
import { AppError } from '../../../shared/ipc/errors'
import { getPass } from '../../db/queries/annotation'
import { recordEdit } from './edit-log'
import { f32, readRange } from './va-blob'

/** Largest frame span one batch may cover (a batch is ≤ 1 s of input; generous for fast playback). */
export const MAX_BATCH_SPAN = 2_000

function frameCountOf(db: Database, sessionId: string): number | null {
  const r = db.prepare('SELECT frame_count FROM videos WHERE session_id = ?').get(sessionId) as { frame_count: number } | undefined
  return r?.frame_count ?? null
}

/** Appends one batch of a rating pass. Empty batches are a no-op. */
export function appendSamples(db: Database, passId: string, samples: readonly RateSample[]): AppendResult {
  const run = db.transaction((): AppendResult => {
    const pass = getPass(db, passId)
    if (!pass) throw new AppError('NOT_FOUND', `no rating pass ${passId}`)
    if (pass.finishedAt !== null) throw new AppError('CONFLICT', `rating pass ${passId} is finished; start a new pass`)
    if (samples.length === 0) return { passId, traceId: pass.traceId, written: 0, editId: null }
    let from = Infinity
    let to = -Infinity
    for (const [frame] of samples) {
      if (!Number.isInteger(frame) || frame < 0) throw new AppError('INVALID_ARGUMENT', `sample frame ${frame} is not a frame index`)
      from = Math.min(from, frame)
      to = Math.max(to, frame)
    }
    if (to - from + 1 > MAX_BATCH_SPAN) throw new AppError('INVALID_ARGUMENT', `one batch spans frames ${from}..${to}; at most ${MAX_BATCH_SPAN}`)
    const frameCount = frameCountOf(db, pass.sessionId)
    if (frameCount !== null && to >= frameCount) {
      throw new AppError('INVALID_ARGUMENT', `sample frame ${to} is past the video's last frame ${frameCount - 1}`)
    }
    const before = readRange(db, pass.traceId, from, to)
    const after = before.slice()
    const rateV = pass.mode !== '1d-arousal'
    const rateA = pass.mode !== '1d-valence'
    for (const [frame, v, a] of samples) {
      for (const x of [v, a]) {
        if (x !== null && !(x >= -1 && x <= 1)) throw new AppError('INVALID_ARGUMENT', `frame ${frame}: value ${x} is outside [-1, 1]`)
      }
      const i = frame - from
      if (rateV && v !== null) after[2 * i] = f32(v)
      if (rateA && a !== null) after[2 * i + 1] = f32(a)
    }
    const edit = recordEdit(db, {
      traceId: pass.traceId,
      kind: 'rate',
      fromFrame: from,
      toFrame: to,
      before,
      after,
      params: { mode: pass.mode, samples: samples.length },
      author: { type: 'annotator', id: pass.annotatorId },
      passId
    })
    return { passId, traceId: pass.traceId, written: samples.length, editId: edit.id }
  })
  return run.immediate()
}
