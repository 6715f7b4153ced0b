import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { getSetting, insertSession, insertVideo, listSessions, setSetting } from '../../db/queries/sessions'
import { insertTrace } from '../../db/queries/traces'
import { insertFaceTrack } from '../../db/queries/faces'
import { probeMedia, readVideoTimestamps } from '../../media/probe'
import { resolveTool } from '../../media/tools'
import type { AppContext } from '../app-context'
import type { DemoJobArgs, DemoJobResult } from './demo-job'

/** Boxes and confidence of known landmarks (the synthetic face is always present: confidence 1). */
function facesFromLandmarks(landmarks: Float32Array, frames: number): { boxes: Float32Array; confidence: Float32Array } {
  const boxes = new Float32Array(frames * 4)
  const confidence = new Float32Array(frames)
  for (let f = 0; f < frames; f++) {
    let x0 = Infinity
    let y0 = Infinity
    let x1 = -Infinity
    let y1 = -Infinity
    for (let k = 0; k < 68; k++) {
      const x = landmarks[(f * 68 + k) * 2]
      const y = landmarks[(f * 68 + k) * 2 + 1]
      x0 = Math.min(x0, x)
      y0 = Math.min(y0, y)
      x1 = Math.max(x1, x)
      y1 = Math.max(y1, y)
    }
    boxes.set([x0, y0, x1 - x0, y1 - y0], f * 4)
    confidence[f] = Number.isFinite(x0) ? 1 : NaN
  }
  return { boxes, confidence }
}

const DEMO_CREATED = 'demo.created'
const DEMO_ARGS: Omit<DemoJobArgs, 'outDir'> = { seed: 7, seconds: 12, fps: 25, size: 256 }

function isDemoResult(r: unknown): r is DemoJobResult {
  if (typeof r !== 'object' || r === null) return false
  const o = r as Record<string, unknown>
  return typeof o.videoPath === 'string' && o.valence instanceof Float32Array && o.arousal instanceof Float32Array
}

/**
 * The bundled demo: a short synthetic face clip with speech-like audio, generated at first run
 * (nothing is shipped but code), with its known valence/arousal as a gold trace.
 */
export function demoService(ctx: AppContext) {
  const running = (): JobInfo | undefined =>
    ctx.jobs.list().find((j) => j.kind === 'demo:generate' && (j.state === 'queued' || j.state === 'running'))

  async function store(result: unknown): Promise<void> {
    if (!isDemoResult(result)) throw new AppError('JOB_FAILED', 'demo job returned malformed data')
    const probe = await probeMedia(result.videoPath, ctx.env)
    const timestamps = await readVideoTimestamps(result.videoPath, ctx.env)
    const audio = probe.streams.find((s) => s.codec_type === 'audio')
    const write = ctx.db.transaction(() => {
      const sessionId = insertSession(ctx.db, { name: 'Demo — synthetic face with known valence/arousal', isDemo: true })
      const videoId = insertVideo(ctx.db, sessionId, {
        path: result.videoPath,
        contentHash: result.contentHash ?? null,
        width: result.width,
        height: result.height,
        fps: result.fps,
        frameCount: timestamps.length,
        durationS: Number(probe.format.duration ?? timestamps.length / result.fps),
        isVfr: false,
        hasAudio: audio !== undefined,
        audioSampleRate: audio?.sample_rate ? Number(audio.sample_rate) : null,
        audioChannels: audio?.channels ?? null,
        rotation: 0,
        probe,
        timestamps,
        audioDurationS: result.spectrogram?.audioDurationS ?? null
      })
      if (result.landmarks && result.landmarks.length === timestamps.length * 136) {
        insertFaceTrack(ctx.db, videoId, {
          track: 'main',
          detector: 'synthetic ground truth',
          frameCount: timestamps.length,
          landmarks: result.landmarks,
          ...facesFromLandmarks(result.landmarks, timestamps.length)
        })
      }
      const s = result.spectrogram
      if (s) {
        ctx.db
          .prepare('INSERT INTO spectrograms (video_id, cache_key, sample_rate, hop, n_mels, columns, params_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(videoId, s.cacheKey, s.sampleRate, s.hop, s.nMels, s.columns, JSON.stringify(s.params), new Date().toISOString())
      }
      insertTrace(
        ctx.db,
        { sessionId, kind: 'gold', sourceType: 'synthetic', name: 'Ground truth (synthetic)', meta: { seed: DEMO_ARGS.seed } },
        { valence: result.valence, arousal: result.arousal }
      )
      setSetting(ctx.db, DEMO_CREATED, new Date().toISOString())
      return sessionId
    })
    const sessionId = write()
    ctx.events.emit('sessions:changed', { sessionId })
  }

  function create(): JobInfo {
    const existing = running()
    if (existing) return existing
    if (!resolveTool('ffmpeg', ctx.env) || !resolveTool('ffprobe', ctx.env)) {
      throw new AppError('TOOL_MISSING', 'the demo video needs ffmpeg and ffprobe: install ffmpeg (e.g. apt-get install ffmpeg)')
    }
    return ctx.jobs.start({
      kind: 'demo:generate',
      label: 'Generating the demo session',
      args: { ...DEMO_ARGS, outDir: ctx.layout.demoDir, cacheDir: ctx.layout.cacheDir },
      onResult: store
    })
  }

  /** At first run only: creates the demo unless it exists or was created before (and deleted by the user). */
  function ensure(): JobInfo | null {
    if (getSetting(ctx.db, DEMO_CREATED) !== null) return null
    if (listSessions(ctx.db).some((s) => s.isDemo)) return null
    if (!resolveTool('ffmpeg', ctx.env)) return null
    return create()
  }

  return { create, ensure }
}
