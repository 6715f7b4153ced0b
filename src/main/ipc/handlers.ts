import type { AppContext } from '../services/app-context'
import { demoService } from '../services/demo/demo-service'
import { importService } from '../services/import/import-service'
import { sessionsService } from '../services/sessions-service'
import { audioService } from '../services/review/audio-service'
import { relinkVideo } from '../services/review/relink'
import { runsService } from '../services/runs/runs-service'
import { reviewService } from '../services/review/review-service'
import { frameThumbs } from '../services/review/thumbs'
import { resolveTool } from '../media/tools'
import { createAnnotationHandlers } from './annotation-handlers'
import { createApplyHandlers } from './apply-handlers'
import { createCompareHandlers } from './compare-handlers'
import { createDatasetHandlers } from './datasets-handlers'
import { createLandmarksHandlers } from './landmarks-handlers'
import { createTrainingHandlers } from './training-handlers'
import type { Handlers } from './dispatch'

/** Binds every invoke channel of the contract to its service. */
export function createHandlers(ctx: AppContext): Handlers {
  const sessions = sessionsService(ctx)
  const demo = demoService(ctx)
  const imports = importService(ctx)
  const review = reviewService(ctx)
  const audio = audioService(ctx)
  const runs = runsService(ctx)
  return {
    ...createAnnotationHandlers(ctx),
    ...createDatasetHandlers(ctx),
    ...createTrainingHandlers(ctx),
    ...createCompareHandlers(ctx),
    ...createApplyHandlers(ctx),
    ...createLandmarksHandlers(ctx),
    'app:info': () => ({
      name: 'Circumplex',
      version: ctx.version,
      dataDir: ctx.layout.root,
      dbPath: ctx.dbFile,
      schemaVersion: ctx.schemaVersion,
      host: ctx.host,
      ffmpeg: resolveTool('ffmpeg', ctx.env)
    }),
    'sessions:list': () => sessions.list(),
    'sessions:get': ({ sessionId }) => sessions.get(sessionId),
    'traces:list': ({ sessionId }) => sessions.traces(sessionId),
    'traces:get': ({ traceId, fromFrame, toFrame }) => sessions.trace(traceId, fromFrame, toFrame),
    'traces:overview': ({ traceId, buckets }) => sessions.overview(traceId, buckets),
    'jobs:list': () => ctx.jobs.list(),
    'jobs:cancel': ({ jobId }) => ctx.jobs.cancel(jobId),
    'demo:create': () => demo.create(),
    'media:import': ({ path, ...opts }) => imports.start(path, opts),
    'sessions:timestamps': ({ sessionId }) => review.timestamps(sessionId),
    'sessions:facts': ({ sessionId }) => review.facts(sessionId),
    'faces:get': ({ sessionId, fromFrame, toFrame, track }) => review.faces(sessionId, fromFrame, toFrame, track),
    'audio:spectrogram': ({ sessionId, fromColumn, toColumn }) => audio.spectrogram(sessionId, fromColumn, toColumn),
    'audio:peaks': ({ sessionId, buckets, fromS, toS }) => audio.peaks(sessionId, buckets, fromS, toS),
    'traces:extras': ({ sessionId }) => review.extras(sessionId),
    'runs:list': () => runs.list(),
    'runs:get': ({ runId }) => runs.get(runId),
    'frames:thumbs': ({ sessionId, fromFrame, count, size }) => frameThumbs(ctx, sessionId, fromFrame, count, size),
    'sessions:relink': ({ sessionId, path }) => relinkVideo(ctx, sessionId, path),
    'traces:extra': ({ traceId, kind, fromFrame, toFrame }) => review.extra(traceId, kind, fromFrame, toFrame)
  }
}
