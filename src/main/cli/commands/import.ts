import { resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { openCliRuntime } from '../cli-runtime'
import { importService } from '../../services/import/import-service'
import type { ImportSummary } from '../../services/import/import-summary'
import { flagBool, flagString } from '../args'
import type { CliCommand } from '../command'

function eta(s: number | null): string {
  return s === null ? '' : ` ETA ${s < 60 ? `${Math.ceil(s)} s` : `${Math.floor(s / 60)} min`}`
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import videos: frame-exact timestamps, audio facts, 68 landmarks per frame, crops, mel-spectrogram',
  usage: `circumplex import <file> [<file> ...] [--json] [--name NAME] [--no-faces] [--no-spectrogram] [--tracker default|RUN_ID[:no-denoise]] [--data-dir DIR]
  Prints per file: frame count (= the video stream's packet count), fps, timestamps summary, VFR,
  audio facts (or null), faces detected / missing with their stretches. --tracker picks the landmark tracker of
  the face pass (a finished 'circumplex train --model tracker' run; default: the Human FaceMesh tracker).
  Ctrl+C cancels: nothing is stored.`,
  async run(args, ctx) {
    const files = args.positionals.map((p) => resolve(ctx.cwd, p))
    if (files.length === 0) throw new AppError('INVALID_ARGUMENT', 'name at least one video file')
    const json = flagBool(args, 'json')
    const runtime = openCliRuntime(args, ctx)
    const imports = importService(runtime.ctx)
    const results: (ImportSummary & { sessionId: string; elapsedS: number; realtimeRatio: number })[] = []
    let failure: AppError | null = null
    let current: string | null = null
    const onSignal = () => {
      if (current) runtime.ctx.jobs.cancel(current)
    }
    process.once('SIGINT', onSignal)
    const off = runtime.ctx.jobs.on((j) => {
      if (j.id === current && j.state === 'running' && j.total > 0) ctx.err(`\r${j.label}: ${j.done}/${j.total}${eta(j.etaS)}   `)
    })
    try {
      for (const file of files) {
        const t0 = Date.now()
        let stored: { sessionId: string; summary: ImportSummary } | null = null
        const job = imports.start(file, {
          name: flagString(args, 'name'),
          faces: args.flags.faces !== false,
          spectrogram: args.flags.spectrogram !== false,
          tracker: flagString(args, 'tracker'),
          onStored: (sessionId, summary) => (stored = { sessionId, summary })
        })
        current = job.id
        const end = await runtime.ctx.jobs.wait(job.id)
        ctx.err('\n')
        if (end.state !== 'done' || !stored) {
          const code = end.state === 'cancelled' ? 'CANCELLED' : (end.error?.code ?? 'JOB_FAILED')
          failure = new AppError(code as AppError['code'], `${file}: ${end.error?.message ?? end.state}`)
          break
        }
        const s = stored as { sessionId: string; summary: ImportSummary }
        const elapsedS = (Date.now() - t0) / 1000
        results.push({ ...s.summary, sessionId: s.sessionId, elapsedS, realtimeRatio: s.summary.durationS / elapsedS })
      }
    } finally {
      off()
      process.removeListener('SIGINT', onSignal)
      await runtime.close()
    }
    if (json) ctx.out(JSON.stringify(results.length === 1 && files.length === 1 ? results[0] : results, null, 2) + '\n')
    else {
      for (const r of results) {
        const f = r.faces
        ctx.out(
          [
            `${r.path} → session ${r.sessionId}`,
            `  video  ${r.width}×${r.height}${r.rotation ? ` (rotated ${r.rotation}°)` : ''}, ${r.frameCount} frames, ${r.fps.toFixed(3)} fps${r.isVfr ? ` VFR (${r.irregularFrames} irregular intervals)` : ''}, ${r.durationS.toFixed(2)} s`,
            `  audio  ${r.audio ? `${r.audio.codec} ${r.audio.sampleRate} Hz ×${r.audio.channels}, ${r.audio.durationS.toFixed(2)} s, offset ${r.audio.offsetS.toFixed(3)} s` : 'none'}`,
            `  faces  ${f ? `${f.detected} frames with a face, ${f.missing} without (${f.stretches.length} stretches)` : 'not detected (--no-faces)'}`,
            ...r.warnings.map((w) => `  note   ${w}`),
            `  took   ${r.elapsedS.toFixed(1)} s (${r.realtimeRatio.toFixed(2)}× real time)`
          ].join('\n') + '\n'
        )
      }
    }
    if (failure) throw failure
    return 0
  }
}
