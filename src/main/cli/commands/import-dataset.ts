/** `circumplex import-dataset`: a dataset folder's clips as sessions with their known landmarks and gold labels. */
import { resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { LABEL_FORMATS, type LabelFormat } from '../../engine/data/dataset-dir'
import { datasetImportService, selectClips } from '../../services/training/dataset-import'
import { openCliRuntime } from '../cli-runtime'
import { flagBool, flagString } from '../args'
import type { CliCommand } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { readFold } from './train-common'

const USAGE = `circumplex import-dataset --data <dir> [--format afew-va|sewa|aff-wild2] [--subjects S07,S08] [--clips ID,…]
                [--folds <split.json> [--fold N] --split test|val|train] [--no-spectrogram] [--json] [--data-dir DIR]
  Imports clips of a dataset folder (circumplex synth layout) as sessions: the video (timestamps, audio, the session
  spectrogram) without face tracking; the clip's KNOWN landmarks (its AFEW-VA file) become the face track and its
  labels (in --format, scaled to [-1, 1]) a gold trace whose meta names the dataset and clip, so that
  circumplex infer / analyze can run on them (analyze also reads the manifest's degraded segments). Default: every
  clip; --subjects / --clips / a fold's split pick some.`

export const importDatasetCommand: CliCommand = {
  name: 'import-dataset',
  summary: 'Import dataset clips as sessions with their known landmarks (face track) and labels (gold trace)',
  usage: USAGE,
  async run(args, ctx) {
    assertKnownFlags(args, ['data', 'format', 'subjects', 'clips', 'folds', 'fold', 'split', 'spectrogram', 'json', 'data-dir'])
    const data = flagString(args, 'data')
    if (!data) throw new AppError('INVALID_ARGUMENT', '--data <dataset dir> is required')
    const dir = resolve(ctx.cwd, data)
    const format = (flagString(args, 'format') ?? 'afew-va') as LabelFormat
    if (!LABEL_FORMATS.includes(format)) throw new AppError('INVALID_ARGUMENT', `--format must be one of ${LABEL_FORMATS.join(', ')}`)
    const list = (name: string) => (flagString(args, name) ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    let subjects = list('subjects')
    if (flagString(args, 'folds')) {
      const split = flagString(args, 'split') ?? 'test'
      if (split !== 'test' && split !== 'val' && split !== 'train') throw new AppError('INVALID_ARGUMENT', `--split must be test, val or train`)
      subjects = [...subjects, ...readFold(args, ctx.cwd)[split]]
    }
    const clips = selectClips(dir, subjects, list('clips'))
    if (clips.length === 0) throw new AppError('NOT_FOUND', `no clips selected in ${dir}`)
    const runtime = openCliRuntime(args, ctx)
    const out: Array<{ clipId: string; subjectId: string; sessionId: string }> = []
    let current: string | null = null
    const onSignal = () => current && runtime.ctx.jobs.cancel(current)
    process.once('SIGINT', onSignal)
    try {
      for (const clip of clips) {
        let sessionId: string | null = null
        const job = datasetImportService(runtime.ctx).start(dir, clip, format, { spectrogram: args.flags.spectrogram !== false, onStored: (id) => (sessionId = id) })
        current = job.id
        const end = await runtime.ctx.jobs.wait(job.id)
        if (end.state !== 'done' || !sessionId) throw new AppError(end.state === 'cancelled' ? 'CANCELLED' : 'JOB_FAILED', `${clip.clipId}: ${end.error?.message ?? end.state}`)
        out.push({ clipId: clip.clipId, subjectId: clip.subjectId, sessionId })
        ctx.err(`imported ${clip.clipId} → session ${sessionId}\n`)
      }
    } finally {
      process.removeListener('SIGINT', onSignal)
      await runtime.close()
    }
    ctx.out(flagBool(args, 'json') ? JSON.stringify(out, null, 2) + '\n' : out.map((o) => `${o.clipId} (${o.subjectId}) → session ${o.sessionId}`).join('\n') + '\n')
    return 0
  }
}
