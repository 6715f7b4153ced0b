/**
 * Complete the session (main side): checks the request, gathers what the worker needs (the annotation as per-frame
 * arrays, the face track, the spectrogram cache reference, frame times), starts the 'session:complete' job, and
 * stores its proposal in ONE transaction (proposal-store.ts describes the stored form). Bad input is refused before
 * anything is queued, with a code and a message naming the session or trace.
 */
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { DEFAULT_ENSEMBLE_SIZE, MAX_ENSEMBLE_SIZE, type CompletionRequestOptions, type ProposalSummary } from '../../../shared/completion'
import { getAnnotator } from '../../db/queries/annotation'
import { getFaceTrack } from '../../db/queries/faces'
import { getSpectrogramRow } from '../../db/queries/review'
import { getFrameTimestamps, getSession } from '../../db/queries/sessions'
import { getTraceSummary, getTracePoints } from '../../db/queries/traces'
import { MIN_TRAIN_FRAMES } from '../../engine/models/completion/complete'
import { melParamsFromStored } from '../../media/audio/mel-params'
import type { AppContext } from '../app-context'
import { storePrediction } from '../training/store-prediction'
import type { CompleteJobArgs, CompleteJobResult } from './complete-job'
import { deleteProposal, getProposal, listProposals, type ProposalMeta } from './proposal-store'

export const COMPLETE_JOB_KIND = 'session:complete'

/** "first 30 %" when the rated frames are one run from frame 0, else "30 % rated". */
export function coverageLabel(rated: Uint8Array): string {
  const n = rated.length
  let count = 0
  let prefix = 0
  while (prefix < n && rated[prefix]) prefix++
  for (const r of rated) count += r
  const pct = Math.max(1, Math.round((100 * count) / Math.max(1, n)))
  return count === prefix ? `first ${pct} %` : `${pct} % rated`
}

export function completionService(ctx: AppContext) {
  const db = ctx.db

  function fromName(trace: { name: string; sourceType: string; sourceId: string | null }): string {
    if (trace.sourceType === 'annotator' && trace.sourceId) return getAnnotator(db, trace.sourceId)?.name ?? trace.name
    return trace.name
  }

  /** Starts completing `sessionId` from the rated frames of `traceId`; `onStored` gets the proposal once stored. */
  function start(sessionId: string, traceId: string, options: CompletionRequestOptions = {}, onStored?: (p: ProposalSummary, r: CompleteJobResult) => void): JobInfo {
    const session = getSession(db, sessionId)
    if (!session) throw new AppError('NOT_FOUND', `no session ${sessionId}`)
    if (!session.video) throw new AppError('NOT_FOUND', `session ${sessionId} (${session.name}) has no video: there are no frames to complete`)
    const trace = getTraceSummary(db, traceId)
    if (!trace || trace.sessionId !== sessionId) throw new AppError('NOT_FOUND', `no trace ${traceId} on session ${sessionId} (${session.name})`)
    if (trace.kind === 'prediction') throw new AppError('INVALID_ARGUMENT', `trace ${traceId} (${trace.name}) is a model prediction; complete from an annotation or a gold trace`)
    const members = options.ensemble ?? DEFAULT_ENSEMBLE_SIZE
    if (!Number.isInteger(members) || members < 1 || members > MAX_ENSEMBLE_SIZE) throw new AppError('INVALID_ARGUMENT', `ensemble size must be an integer in [1, ${MAX_ENSEMBLE_SIZE}], got ${members}`)
    const track = getFaceTrack(db, sessionId)
    const specRow = session.video.hasAudio ? getSpectrogramRow(db, sessionId) : null
    if (!track && !specRow) {
      throw new AppError('NOT_FOUND', `session ${sessionId} (${session.name}) has neither a face track nor a spectrogram: import it with faces (and audio) so there are per-frame features to learn from`)
    }
    const frames = track?.frameCount ?? session.video.frameCount
    const valence = new Float32Array(frames).fill(NaN)
    const arousal = new Float32Array(frames).fill(NaN)
    const rated = new Uint8Array(frames)
    const pts = getTracePoints(db, traceId, 0, frames - 1)
    pts.frames.forEach((f, i) => {
      const v = pts.valence[i]
      const a = pts.arousal[i]
      if (v !== null) valence[f] = v
      if (a !== null) arousal[f] = a
      if (v !== null || a !== null) rated[f] = 1
    })
    const annotated = rated.reduce((s, r) => s + r, 0)
    if (annotated < MIN_TRAIN_FRAMES) {
      throw new AppError('INVALID_ARGUMENT', `${trace.name} has ${annotated} rated frame(s) on ${session.name}; rate at least ${MIN_TRAIN_FRAMES} (e.g. the first 20 % of the session) before completing it`)
    }
    // A dimension is completed when it has ratings and frames without one.
    const open = (x: Float32Array) => x.some((v) => !Number.isNaN(v)) && x.some((v) => Number.isNaN(v))
    if (!open(valence) && !open(arousal)) throw new AppError('CONFLICT', `${trace.name} already rates every frame of ${session.name}: there is nothing left to complete`)
    const ts = getFrameTimestamps(db, sessionId)
    const fps = session.video.fps || 25
    const frameTimes = ts && ts.length >= frames ? ts.subarray(0, frames) : Float64Array.from({ length: frames }, (_, f) => f / fps)
    const label = coverageLabel(rated)
    const who = fromName(trace)
    const args: CompleteJobArgs = {
      frames,
      fps,
      landmarks: track?.landmarks ?? null,
      spectrogram: specRow ? { cacheDir: ctx.layout.cacheDir, cacheKey: specRow.cacheKey, params: melParamsFromStored(specRow) } : null,
      frameTimes,
      valence,
      arousal,
      members,
      method: options.method ?? 'ridge-ensemble',
      seed: 1
    }
    let jobId: string | null = null
    const job = ctx.jobs.start({
      kind: COMPLETE_JOB_KIND,
      label: `Completing ${session.name} from ${who} (${label})`,
      args,
      onResult: (raw) => {
        const r = raw as CompleteJobResult
        const count = (x: Float32Array) => x.reduce((s, v) => s + (Number.isNaN(v) ? 0 : 1), 0)
        const meta: ProposalMeta = {
          proposal: true,
          fromTraceId: traceId,
          fromName: who,
          annotatedFrames: annotated,
          proposedFrames: { valence: count(r.valence), arousal: count(r.arousal) },
          method: args.method,
          ensemble: members,
          featureGroups: r.featureGroups,
          jobId,
          lambda: { valence: r.report.valence.lambda, arousal: r.report.arousal.lambda },
          audioNote: r.audioNote
        }
        if (meta.proposedFrames.valence + meta.proposedFrames.arousal === 0) {
          throw new AppError('INVALID_ARGUMENT', `no frame of ${session.name} could be proposed: the frames without a rating have no face (or audio) features`)
        }
        const id = storePrediction(
          db,
          { sessionId, runId: null, name: `Proposal from ${who} (${label})`, meta: { ...meta } },
          { valence: r.valence, arousal: r.arousal },
          [{ kind: 'confidence', dims: 2, data: r.confidence }]
        )
        ctx.events.emit('sessions:changed', { sessionId })
        onStored?.(getProposal(db, id)!, r)
      }
    })
    jobId = job.id
    return job
  }

  function list(sessionId: string, fromTraceId?: string): ProposalSummary[] {
    if (!getSession(db, sessionId)) throw new AppError('NOT_FOUND', `no session ${sessionId}`)
    return listProposals(db, sessionId, fromTraceId)
  }

  function discard(traceId: string): { traceId: string; sessionId: string } {
    const p = getProposal(db, traceId)
    if (!p) throw new AppError('NOT_FOUND', `trace ${traceId} is not a completion proposal`)
    deleteProposal(db, traceId)
    ctx.events.emit('sessions:changed', { sessionId: p.sessionId })
    return { traceId, sessionId: p.sessionId }
  }

  return { start, list, discard }
}
