import { AppError } from '../../../shared/ipc/errors'
import { openCliRuntime } from '../cli-runtime'
import { LABEL_RANGE } from '../../engine/data/dataset-dir'
import { anclafConfig, type AnclafConfig, type AnclafPreset } from '../../engine/models/anclaf/config'
import { trainingService, type TrainRequest } from '../../services/training/training-service'
import type { TrainJobResult } from '../../services/training/train-job'
import { flagBool, flagInt, flagString } from '../args'
import type { CliCommand, CliContext, ParsedArgs } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { eta, f3, readDataAndFormat, readFold, readLr } from './train-common'
import { isSequenceModel, runSequenceTrain, SEQUENCE_USAGE } from './train-sequence'

const USAGE = `circumplex train --model anclaf --preset thesis|compact [--input image|spectrogram] --data <dir>
                --format afew-va|sewa|aff-wild2 --folds <split.json> [--fold N|NAME] --epochs N [--batch B] [--lr LR]
                [--frame-stride S] [--no-degrade] [--no-denoise] [--json] [--data-dir DIR]
  Trains ANCLaF stage 1 (G, D, C together) on one fold of a subject-grouped split file (circumplex folds make
  --val 1): train subjects for the weights, val subjects for checkpoint selection, test subjects reported once with
  the selected checkpoint (all frames, and the manifest's degraded / clean segments). Runs as a job (progress + ETA on
  stderr; Ctrl+C cancels, keeping the last checkpoint). The run record and per-epoch curves go to the store,
  checkpoints to <data-dir>/runs/<run-id>/. Re-running the same command resumes the same run from its last
  checkpoint (e.g. after a kill). --no-degrade: G sees clean inputs only; --no-denoise: G gets no reconstruction /
  adversarial loss (ablations). --frame-stride S trains on every S-th labelled frame (compact default 4).
  --input spectrogram trains the same G/D/C on each frame's mel-spectrogram window
  (128 × 128 around the frame, block-averaged to the preset's input size): the audio stage 1 (G^S/D^S) of the
  audio-visual models; clips without audio are refused.

${SEQUENCE_USAGE}`

const FLAGS = ['model', 'preset', 'input', 'frame-stride', 'data', 'format', 'folds', 'fold', 'epochs', 'batch', 'lr', 'degrade', 'denoise', 'json', 'data-dir']

/** Parses and validates the command line into a training request (no I/O besides reading the split file). */
export function parseTrainArgs(args: ParsedArgs, cwd: string): TrainRequest {
  assertKnownFlags(args, FLAGS)
  const model = flagString(args, 'model') ?? 'anclaf'
  if (model !== 'anclaf') throw new AppError('INVALID_ARGUMENT', `--model must be 'anclaf' or a sequence model (anclaf-s, anclaf-sa, vi-des, au-des, avi-cas, avi-gas), got '${model}'`)
  const preset = flagString(args, 'preset') ?? 'compact'
  if (preset !== 'thesis' && preset !== 'compact') throw new AppError('INVALID_ARGUMENT', `--preset must be 'thesis' or 'compact', got '${preset}'`)
  const { dataDir, format } = readDataAndFormat(args, cwd)
  const fold = readFold(args, cwd)
  const input = flagString(args, 'input') ?? 'image'
  if (input !== 'image' && input !== 'spectrogram') throw new AppError('INVALID_ARGUMENT', `--input must be 'image' (face crops, G^I/D^I) or 'spectrogram' (mel windows, G^S/D^S), got '${input}'`)
  const epochs = flagInt(args, 'epochs', { min: 1, max: 10000 })
  if (epochs === undefined) throw new AppError('INVALID_ARGUMENT', '--epochs N is required')
  const batch = flagInt(args, 'batch', { min: 2, max: 4096 })
  const frameStride = flagInt(args, 'frame-stride', { min: 1, max: 1000 })
  const lr = readLr(args)
  const config: AnclafConfig = anclafConfig(preset as AnclafPreset, {
    labelRange: LABEL_RANGE[format],
    ...(input === 'spectrogram' ? { input } : {}),
    ...(batch !== undefined ? { batch } : {}),
    ...(frameStride !== undefined ? { frameStride } : {}),
    ...(lr !== undefined ? { optimiser: { lr } } : {}),
    ...(args.flags.degrade === false ? { degrade: { enabled: false } } : {}),
    ...(args.flags.denoise === false ? { denoise: false } : {})
  })
  return { config, dataDir, format, fold, epochs }
}


export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'Train a model (ANCLaF stage 1 on faces or spectrograms; sequence models on cached latents) on one fold',
  usage: USAGE,
  async run(args: ParsedArgs, ctx: CliContext) {
    if (isSequenceModel(flagString(args, 'model'))) return runSequenceTrain(args, ctx)
    const req = parseTrainArgs(args, ctx.cwd)
    const json = flagBool(args, 'json')
    const runtime = openCliRuntime(args, ctx)
    let current: string | null = null
    const onSignal = () => current && runtime.ctx.jobs.cancel(current)
    process.once('SIGINT', onSignal)
    const off = runtime.ctx.jobs.on((j) => {
      if (j.id === current && j.state === 'running' && j.total > 0) ctx.err(`\r${j.label}: ${j.done}/${j.total}${eta(j.etaS)}   `)
    })
    try {
      const done = new Promise<{ result: TrainJobResult | null; runId: string; state: string; error: string | null }>((res) => {
        const { job, run } = trainingService(runtime.ctx).start(req, (stored, end, result) =>
          res({ result, runId: stored.id, state: end.state, error: end.error ? `${end.error.code}: ${end.error.message}` : null })
        )
        current = job.id
        ctx.err(`run ${run.id}${run.status !== 'queued' ? ` (exists: ${run.status}; resuming from its last checkpoint)` : ''}\n`)
      })
      const r = await done
      ctx.err('\n')
      if (r.state !== 'done' || !r.result) {
        throw new AppError(r.state === 'cancelled' ? 'CANCELLED' : 'JOB_FAILED', `run ${r.runId}: ${r.error ?? r.state}`)
      }
      const res = r.result
      if (json) ctx.out(JSON.stringify({ runId: r.runId, ...res }, null, 2) + '\n')
      else {
        const lines = [`run ${r.runId} (${req.config.preset}, fold ${req.fold.name}, backend ${res.backend}${res.resumedFrom ? `, resumed after epoch ${res.resumedFrom}` : ''})`]
        lines.push('epoch  wall_s   val CCC-V  val CCC-A  affect loss')
        for (const h of res.history) lines.push(`${String(h.epoch).padStart(5)}  ${h.wallS.toFixed(1).padStart(6)}   ${f3(h.val.ccc_v).padStart(9)}  ${f3(h.val.ccc_a).padStart(9)}  ${f3(h.losses.affect)}`)
        lines.push(`best epoch (validation CCC mean): ${res.bestEpoch}`)
        if (res.test) {
          for (const [k, m] of Object.entries(res.test)) if (m) lines.push(`test ${k.padEnd(8)} CCC V ${f3(m.ccc_v)}  A ${f3(m.ccc_a)}  RMSE V ${f3(m.rmse_v)}  A ${f3(m.rmse_a)}  (n ${m.n})`)
        }
        ctx.out(lines.join('\n') + '\n')
      }
      return 0
    } finally {
      off()
      process.removeListener('SIGINT', onSignal)
      await runtime.close()
    }
  }
}
