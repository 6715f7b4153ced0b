/**
 * Test fixtures for the datasets service: a tiny synthetic dataset folder (labels from the synthetic world, and small
 * stand-in video files so that no ffmpeg is needed: the frame counts come from the manifest), an in-memory store with
 * an AppContext whose job runner runs the scan job inline (real progress, cancel and onResult), and sessions with a
 * face track and traces for builds from sessions.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { insertFaceTrack } from '../../db/queries/faces'
import { insertSession, insertVideo } from '../../db/queries/sessions'
import { insertTrace } from '../../db/queries/traces'
import { generateDataset } from '../../datasets/synth/generate-dataset'
import type { JobHandler } from '../../jobs/protocol'
import type { AppContext } from '../app-context'
import { testAppContext } from '../testing/test-context'
import { datasetScanJob } from './scan-job'

export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix))

/** `subjects` × `sessions` clips of `frames` frames at 10 fps, with stand-in videos; returns the folder. */
export async function tinyDataset(o: { subjects?: number; sessions?: number; frames?: number; seed?: number } = {}): Promise<string> {
  const dir = join(tempDir('cx-ds-'), 'tiny')
  const frames = o.frames ?? 8
  await generateDataset(
    { seed: o.seed ?? 7, subjects: o.subjects ?? 4, sessionsPerSubject: o.sessions ?? 1, seconds: frames / 10, fps: 10, width: 64, height: 64, videos: false },
    dir
  )
  const manifestPath = join(dir, 'manifest.json')
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as { clips: Array<{ clipId: string; video: string | null }> }
  for (const c of m.clips) {
    c.video = join('videos', `${c.clipId}.mp4`)
    writeFileSync(join(dir, c.video), `stand-in video of ${c.clipId}\n`)
  }
  writeFileSync(manifestPath, JSON.stringify(m, null, 1))
  return dir
}

const HANDLERS: Record<string, JobHandler> = { 'datasets:scan': datasetScanJob }

export function testContext(): AppContext {
  return testAppContext(HANDLERS, { root: tempDir('cx-ds-store-'), dbFile: ':memory:' })
}

/**
 * A session with a video file (stand-in bytes), a 'main' face track of `frames` frames (no face on frame 0) and a
 * gold trace whose values are given per frame (null = unlabelled); returns the session id.
 */
export function sessionWithTrace(
  ctx: AppContext,
  name: string,
  values: ReadonlyArray<[number, number] | null>,
  o: { face?: boolean; gold?: boolean } = {}
): string {
  const frames = values.length
  const videoPath = join(tempDir('cx-ds-video-'), `${name.replace(/\W+/g, '_')}.mp4`)
  writeFileSync(videoPath, `video of ${name}`)
  const sessionId = insertSession(ctx.db, { name })
  const videoId = insertVideo(ctx.db, sessionId, {
    path: videoPath,
    width: 64,
    height: 64,
    fps: 10,
    frameCount: frames,
    durationS: frames / 10,
    isVfr: false,
    hasAudio: false,
    audioSampleRate: null,
    rotation: 0,
    contentHash: null,
    audioChannels: null,
    probe: {},
    timestamps: Float64Array.from({ length: frames }, (_, i) => i / 10)
  })
  if (o.face !== false) {
    const landmarks = new Float32Array(frames * 136)
    for (let i = 0; i < landmarks.length; i++) landmarks[i] = 10 + (i % 136) * 0.25
    landmarks.fill(NaN, 0, 136)
    const confidence = new Float32Array(frames).fill(1)
    confidence[0] = NaN
    insertFaceTrack(ctx.db, videoId, { track: 'main', detector: 'test', frameCount: frames, landmarks, boxes: new Float32Array(frames * 4), confidence })
  }
  if (o.gold !== false) {
    insertTrace(
      ctx.db,
      { sessionId, kind: 'gold', sourceType: 'fusion', name: `gold of ${name}` },
      { valence: values.map((p) => (p ? p[0] : NaN)), arousal: values.map((p) => (p ? p[1] : NaN)) }
    )
  }
  return sessionId
}
