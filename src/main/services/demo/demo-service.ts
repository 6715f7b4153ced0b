import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { getSetting, listSessions, setSetting } from '../../db/queries/sessions'
import { insertTrace } from '../../db/queries/traces'
import { resolveTool } from '../../media/tools'
import type { AppContext } from '../app-context'
import { importService } from '../import/import-service'
import type { DemoJobArgs, DemoJobResult } from './demo-job'

const DEMO_CREATED = 'demo.created'
const DEMO_ARGS: Omit<DemoJobArgs, 'outDir'> = { seed: 7, seconds: 12, fps: 25, size: 256 }
export const DEMO_NAME = 'Demo — synthetic face with known valence/arousal'

function isDemoResult(r: unknown): r is DemoJobResult {
  if (typeof r !== 'object' || r === null) return false
  const o = r as Record<string, unknown>
  return typeof o.videoPath === 'string' && o.valence instanceof Float32Array && o.arousal instanceof Float32Array
}

/**
 * The bundled demo: a short synthetic face clip with speech-like audio, generated at first run
 * (nothing is shipped but code), then imported like any video (timestamps, landmarks, spectrogram),
 * with its known valence/arousal stored as a gold trace in the same transaction.
 */
export function demoService(ctx: AppContext) {
  const imports = importService(ctx)
  const running = (): JobInfo | undefined =>
    ctx.jobs.list().find((j) => (j.kind === 'demo:generate' || (j.kind === 'media:import' && j.label.includes('demo'))) && (j.state === 'queued' || j.state === 'running'))

  function importGenerated(result: unknown): void {
    if (!isDemoResult(result)) throw new AppError('JOB_FAILED', 'demo job returned malformed data')
    imports.start(result.videoPath, {
      name: DEMO_NAME,
      isDemo: true,
      within: (sessionId) => {
        insertTrace(
          ctx.db,
          { sessionId, kind: 'gold', sourceType: 'synthetic', name: 'Ground truth (synthetic)', meta: { seed: DEMO_ARGS.seed, generator: 'synth' } },
          { valence: result.valence, arousal: result.arousal }
        )
        setSetting(ctx.db, DEMO_CREATED, new Date().toISOString())
      }
    })
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
      onResult: importGenerated
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
