/**
 * Test fixture for the sequence pipeline: a tiny synthetic dataset (3 subjects × 1 clip × 16 frames with degraded
 * segments and speech audio), tiny stage-1 ANCLaF runs (image + spectrogram) registered in a real store, and an
 * AppContext whose job runner runs the sequence job handlers inline (no worker thread) with real progress/cancel.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SplitFold } from '../../../core/folds'
import { insertFaceTrack } from '../../db/queries/faces'
import { replaceRunCheckpoints, setRunStatus, upsertRun } from '../../db/queries/runs'
import { insertSession, insertVideo } from '../../db/queries/sessions'
import { listClips, readClipLabels } from '../../engine/data/dataset-dir'
import { generateDataset } from '../../datasets/synth/generate-dataset'
import { createAnclaf, disposeAnclaf } from '../../engine/models/anclaf/model'
import { netsToCheckpoint } from '../../engine/train/anclaf-trainer'
import { writeCheckpointFile } from '../../engine/train/checkpoint'
import { tinyConfig } from '../../engine/train/test-fixtures'
import type { WorkerFactory } from '../../jobs/job-runner'
import type { JobHandler } from '../../jobs/protocol'
import type { AppContext } from '../app-context'
import { inlineWorkers as sharedInlineWorkers, testAppContext } from '../testing/test-context'
import { sequenceInferJob } from './sequence-infer-job'
import { sequenceTrainJob } from './sequence-train-job'

const HANDLERS: Record<string, JobHandler> = { 'model:train-sequence': sequenceTrainJob, 'model:infer-sequence': sequenceInferJob }

/** Runs the sequence job handlers on this thread behind the WorkerLike surface (messages, cancel → abort, exit). */
export const inlineWorkers: WorkerFactory = sharedInlineWorkers(HANDLERS)

export interface TestWorld {
  readonly ctx: AppContext
  readonly dataDir: string
  readonly fold: SplitFold
  readonly imageRun: string
  readonly audioRun: string
  /** Rewrites a stage-1 run's best checkpoint with other weights (a retrained run). */
  retrain(runId: string): void
}

function stage1Run(ctx: AppContext, id: string, input: 'image' | 'spectrogram', seed: number): void {
  const c = tinyConfig({ input, seed, labelRange: 1 })
  const runDir = join(ctx.layout.root, 'runs', id)
  const nets = createAnclaf(c)
  writeCheckpointFile(join(runDir, 'best.ckpt'), netsToCheckpoint(nets, null, { kind: 'anclaf-stage1', config: c, dataHash: 'd', epoch: 1, history: [], bestEpoch: 1, adamSteps: {} }))
  disposeAnclaf(nets)
  upsertRun(ctx.db, { id, model: 'anclaf', preset: 'compact', configJson: JSON.stringify(c), dataHash: 'd', fold: 'fold-1', runDir })
  replaceRunCheckpoints(ctx.db, id, [{ epoch: 1, path: join(runDir, 'best.ckpt'), isBest: true }])
  setRunStatus(ctx.db, id, { status: 'done', finished: true })
}

export async function makeWorld(): Promise<TestWorld> {
  const root = mkdtempSync(join(tmpdir(), 'cx-seq-world-'))
  const dataDir = join(root, 'ds')
  await generateDataset({ seed: 5, subjects: 3, sessionsPerSubject: 1, seconds: 1.6, fps: 10, width: 96, height: 96 }, dataDir)
  const ctx = testAppContext(HANDLERS, { root: join(root, 'store'), dbFile: join(root, 'db.sqlite'), reportedDbFile: '' })
  stage1Run(ctx, 'img-run', 'image', 1)
  stage1Run(ctx, 'aud-run', 'spectrogram', 1)
  return {
    ctx,
    dataDir,
    fold: { name: 'fold-1', train: ['S01'], val: ['S02'], test: ['S03'] },
    imageRun: 'img-run',
    audioRun: 'aud-run',
    retrain: (id) => stage1Run(ctx, id, id === 'aud-run' ? 'spectrogram' : 'image', 99)
  }
}

/** An imported session for a dataset clip: its video (or `video`, e.g. a copy without audio) and known landmarks as the face track. */
export function importClip(ctx: AppContext, dataDir: string, clipId: string, faces = true, video?: string): string {
  const clip = listClips(dataDir).find((c) => c.clipId === clipId)!
  const labels = readClipLabels(clip, 'aff-wild2')
  const F = labels.valence.length
  const sessionId = insertSession(ctx.db, { name: clipId })
  const videoId = insertVideo(ctx.db, sessionId, {
    path: video ?? clip.video, width: 96, height: 96, fps: 10, frameCount: F, durationS: F / 10, isVfr: false, hasAudio: true, audioSampleRate: 16000,
    rotation: 0, contentHash: null, audioChannels: null, probe: {}, timestamps: Float64Array.from({ length: F }, (_, f) => f / 10)
  })
  if (faces) insertFaceTrack(ctx.db, videoId, { track: 'main', detector: 'dataset-landmarks', frameCount: F, landmarks: labels.landmarks, boxes: new Float32Array(F * 4), confidence: new Float32Array(F).fill(1) })
  return sessionId
}
