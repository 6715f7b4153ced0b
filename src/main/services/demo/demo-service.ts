import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { getSetting, insertSession, insertVideo, listSessions, setSetting } from '../../db/queries/sessions'
import { insertTrace } from '../../db/queries/traces'
import { probeMedia, readVideoTimestamps } from '../../media/probe'
import { resolveTool } from '../../media/tools'
import type { AppContext } from '../app-context'
import type { DemoJobArgs, DemoJobResult } from './demo-job'

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
      insertVideo(ctx.db, sessionId, {
        path: result.videoPath,
        contentHash: null,
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
        timestamps
      })
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
      args: { ...DEMO_ARGS, outDir: ctx.layout.demoDir },
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
