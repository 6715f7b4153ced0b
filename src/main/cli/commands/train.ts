import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { EPOCH_LIMITS } from '../../../shared/training'
import type { RunRow } from '../../db/queries/runs'
import { datasetHash, LABEL_RANGE, listClips } from '../../engine/data/dataset-dir'
import type { AnclafConfig } from '../../engine/models/anclaf/config'
import { ANCLAF_PARAMS, anclafConfigFromParams } from '../../services/training/anclaf-params'
import { datasetChanged, runControl } from '../../services/training/run-control'
import { setStopIntent } from '../../services/training/run-jobs'
import { trainingService, type TrainRequest } from '../../services/training/training-service'
import type { TrainJobResult } from '../../services/training/train-job'
import { openCliRuntime } from '../cli-runtime'
import { flagBool, flagInt, flagString } from '../args'
import type { CliCommand, CliContext, ParsedArgs } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { datasetLookup, eta, f3, readParamFlags, readTrainingData, type RegisteredDataset } from './train-common'
import { isSequenceModel, isSequenceResult, runSequenceTrain, sequenceReport, SEQUENCE_USAGE } from './train-sequence'
import { AP_USAGE, isApModel, runApTrain } from './train-ap'
import { isMtlModel, MTL_USAGE, runMtlTrain } from './train-mtl'
import { aegTable, AEG_USAGE, isAegModel, runAegTrain } from './train-aeg'
import { isAegRun } from '../../services/aeg/aeg-service'
import type { AegTrainJobResult } from '../../services/aeg/aeg-train-job'
import { isTrackerModel, runTrackerTrain, TRACKER_USAGE } from './train-tracker'

const USAGE = `circumplex train --model anclaf --preset thesis|compact [--input image|spectrogram] --data <dir>
                --format afew-va|sewa|aff-wild2 --folds <split.json> [--fold N|NAME] --epochs N [--batch B] [--lr LR]
                [--lr-schedule constant|cosine] [--ema D] [--frame-stride S] [--stride-cycle] [--eval-stride S] [--no-degrade]
                [--degrade-probability P] [--no-denoise] [--rec-weight W] [--flip] [--jitter A]
                [--input-norm none|face-standardise]
                [--class-weights inverse-frequency|none] [--seed N] [--json] [--data-dir DIR]
circumplex train --dataset <id> [--fold N|NAME] --epochs N [same options]
circumplex train --resume <run-id> [--json] [--data-dir DIR]
  Trains ANCLaF stage 1 (G, D, C together) on one fold of a subject-grouped split file (circumplex folds make
  --val 1): train subjects for the weights, val subjects for checkpoint selection, test subjects reported once with
  the selected checkpoint (all frames, and the manifest's degraded / clean segments). Runs as a job (progress + ETA on
  stderr; Ctrl+C pauses: the run keeps its last checkpoint and resumes). The run record and per-epoch curves go to
  the store, checkpoints and sample reconstructions to <data-dir>/runs/<run-id>/. Re-running the same command
  resumes the same run from its last checkpoint (e.g. after a kill), and so does --resume <run-id> (the request is
  kept in the run folder; it also resumes runs started from the app). --dataset <id> trains on a dataset registered
  in the app (Train → Datasets) and one of its saved folds, instead of --data/--format/--folds; its folder must
  still have the content it was registered with. The same settings from the app and from here make the same run.
  Pausing and cancelling a run are the app's (a command cannot stop a run another process trains); a browser host
  (circumplex serve) on the training machine shows the run live to a laptop.
  --no-degrade: G sees clean inputs only; --no-denoise: G gets no reconstruction / adversarial loss (ablations).
  --frame-stride S trains on every S-th labelled frame (compact default 4), --eval-stride S validates / tests on
  every S-th (compact default 2); --stride-cycle moves that every-S-th subset on by one frame each epoch, so S epochs
  train on every labelled frame (off: the same frames every epoch); --degrade-probability P degrades that share of each batch (0.8); --rec-weight W
  weighs G's reconstruction loss (10); --class-weights none drops the inverse-frequency V×A weights.
  --lr-schedule cosine anneals the lr to 0 over the run's epochs; --ema D (e.g. 0.998) validates, selects and saves
  an exponential moving average of the weights instead of the raw weights (0, the default: off). --flip mirrors
  each training crop left–right with probability ½ (the labels stay; off by default); --jitter A (e.g. 0.1)
  resamples each training crop with random x / y scales 1 ± A, rotation ± A·60° and shift ± A/2 (0: off).
  --input-norm face-standardise standardises every crop, in training and inference, by the mean and spread of its
  centre window (the face), so dark skin and low light reach G at the same contrast (none: the default). Limits are
  those of the config validation (the app's New-run form shows the same defaults and limits).
  --input spectrogram trains the same G/D/C on each frame's mel-spectrogram window
  (128 × 128 around the frame, block-averaged to the preset's input size): the audio stage 1 (G^S/D^S) of the
  audio-visual models; clips without audio are refused.

${SEQUENCE_USAGE}

${AP_USAGE}

${MTL_USAGE}

${AEG_USAGE}

${TRACKER_USAGE}`

/** The hyper-parameter flags are those of the app's New-run form (services/training/anclaf-params.ts). */
const FLAGS = ['model', 'preset', 'data', 'format', 'folds', 'fold', 'epochs', 'json', 'data-dir', 'dataset', 'resume', ...ANCLAF_PARAMS.map((p) => p.cli)]

export type CliTrainRequest = TrainRequest & { readonly dataset: RegisteredDataset | null }

/**
 * Parses and validates the command line into a training request (no I/O besides reading the split file);
 * `--dataset` needs `lookup` (the command passes the store's registered datasets).
 */
export function parseTrainArgs(args: ParsedArgs, cwd: string, lookup?: (id: string) => RegisteredDataset | null): CliTrainRequest {
  assertKnownFlags(args, FLAGS)
  const model = flagString(args, 'model') ?? 'anclaf'
  if (model !== 'anclaf') throw new AppError('INVALID_ARGUMENT', `--model must be 'anclaf', 'aeg-cd-sz', 'mtl', 'ap', a tracker or a sequence model (anclaf-s, anclaf-sa, vi-des, au-des, avi-cas, avi-gas), got '${model}'`)
  const preset = flagString(args, 'preset') ?? 'compact'
  if (preset !== 'thesis' && preset !== 'compact') throw new AppError('INVALID_ARGUMENT', `--preset must be 'thesis' or 'compact', got '${preset}'`)
  const { dataset, dataDir, format, fold } = readTrainingData(args, cwd, lookup)
  const epochs = flagInt(args, 'epochs', EPOCH_LIMITS)
  if (epochs === undefined) throw new AppError('INVALID_ARGUMENT', '--epochs N is required')
  const config: AnclafConfig = anclafConfigFromParams(preset, readParamFlags(args, ANCLAF_PARAMS), LABEL_RANGE[format])
  return { config, dataDir, format, fold, epochs, dataset }
}

type Finished = { result: TrainJobResult | null; run: RunRow; state: string; error: string | null }

function report(r: Finished, json: boolean): string {
  const res = r.result!
  if (isSequenceResult(res)) return sequenceReport(res, json)
  // `--resume` of an AEG-CD-SZ run ends here too (run-control resumes every resumable family).
  if (isAegRun(r.run)) return json ? JSON.stringify(res, null, 2) + '\n' : aegTable(res as unknown as AegTrainJobResult) + '\n'
  if (json) return JSON.stringify({ runId: r.run.id, ...res }, null, 2) + '\n'
  const lines = [`run ${r.run.id} (${r.run.preset}, fold ${r.run.fold}, backend ${res.backend}${res.resumedFrom ? `, resumed after epoch ${res.resumedFrom}` : ''})`]
  lines.push('epoch  wall_s   val CCC-V  val CCC-A  affect loss')
  for (const h of res.history) lines.push(`${String(h.epoch).padStart(5)}  ${h.wallS.toFixed(1).padStart(6)}   ${f3(h.val.ccc_v).padStart(9)}  ${f3(h.val.ccc_a).padStart(9)}  ${f3(h.losses.affect)}`)
  lines.push(`best epoch (validation CCC mean): ${res.bestEpoch}`)
  if (res.test) {
    const { bySubject, ...parts } = res.test
    for (const [k, m] of Object.entries(parts)) if (m) lines.push(`test ${k.padEnd(8)} CCC V ${f3(m.ccc_v)}  A ${f3(m.ccc_a)}  RMSE V ${f3(m.rmse_v)}  A ${f3(m.rmse_a)}  (n ${m.n})`)
    for (const [s, m] of Object.entries(bySubject ?? {}))
      lines.push(`test ${s.padEnd(8)} CCC V ${f3(m.ccc_v)}  A ${f3(m.ccc_a)}  bias V ${f3(m.bias_v)}  A ${f3(m.bias_a)}  (n ${m.n})`)
  }
  return lines.join('\n') + '\n'
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'Train a model (ANCLaF stage 1 on faces or spectrograms; sequence models on cached latents) on one fold',
  usage: USAGE,
  async run(args: ParsedArgs, ctx: CliContext) {
    if (isSequenceModel(flagString(args, 'model'))) return runSequenceTrain(args, ctx)
    if (isApModel(flagString(args, 'model'))) return runApTrain(args, ctx)
    if (isMtlModel(flagString(args, 'model'))) return runMtlTrain(args, ctx)
    if (isAegModel(flagString(args, 'model'))) return runAegTrain(args, ctx)
    if (isTrackerModel(flagString(args, 'model'))) return runTrackerTrain(args, ctx)
    assertKnownFlags(args, FLAGS)
    const resumeId = flagString(args, 'resume')
    if (resumeId !== undefined) {
      const other = Object.keys(args.flags).filter((f) => !['resume', 'json', 'data-dir'].includes(f))
      if (other.length) throw new AppError('INVALID_ARGUMENT', `--resume continues a run with the settings it was started with: leave out --${other.join(', --')}`)
    }
    // Without the store, bad arguments are refused before anything is opened.
    const plain = resumeId === undefined && flagString(args, 'dataset') === undefined ? parseTrainArgs(args, ctx.cwd) : null
    const json = flagBool(args, 'json')
    const runtime = openCliRuntime(args, ctx)
    let current: { jobId: string; runId: string } | null = null
    const onSignal = () => {
      if (!current) return
      // Ctrl+C pauses: the run keeps its last checkpoint and resumes (this command again, --resume, or the app).
      setStopIntent(runtime.ctx, current.runId, 'paused')
      runtime.ctx.jobs.cancel(current.jobId)
    }
    process.once('SIGINT', onSignal)
    const off = runtime.ctx.jobs.on((j) => {
      if (j.id === current?.jobId && j.state === 'running' && j.total > 0) ctx.err(`\r${j.label}: ${j.done}/${j.total}${eta(j.etaS)}   `)
    })
    try {
      let finish: (f: Finished) => void = () => undefined
      const done = new Promise<Finished>((res) => (finish = res))
      const onDone = (stored: RunRow, end: JobInfo, result: TrainJobResult | null) =>
        finish({ result, run: stored, state: end.state, error: end.error ? `${end.error.code}: ${end.error.message}` : null })
      if (resumeId !== undefined) {
        const { job, run } = await runControl(runtime.ctx).resume(resumeId, onDone)
        current = { jobId: job.id, runId: run.id }
        ctx.err(`run ${run.id}: resuming from its last checkpoint\n`)
      } else {
        const req = plain ?? parseTrainArgs(args, ctx.cwd, datasetLookup(runtime.ctx))
        let dataHash: string | undefined
        if (req.dataset) {
          dataHash = datasetHash(listClips(req.dataDir), req.format)
          if (dataHash !== req.dataset.dataHash) throw datasetChanged(req.dataset.name, req.dataset.dataHash, dataHash)
        }
        const { job, run } = trainingService(runtime.ctx).start(req, onDone, { dataHash, ...(req.dataset ? { datasetId: req.dataset.id } : {}) })
        current = { jobId: job.id, runId: run.id }
        ctx.err(`run ${run.id}${run.status !== 'queued' ? ` (exists: ${run.status}; resuming from its last checkpoint)` : ''}\n`)
      }
      const r = await done
      ctx.err('\n')
      if (r.state !== 'done' || !r.result) {
        const why = r.run.stopReason === 'paused' ? 'paused; resume with circumplex train --resume ' + r.run.id : (r.error ?? r.state)
        throw new AppError(r.state === 'cancelled' ? 'CANCELLED' : 'JOB_FAILED', `run ${r.run.id}: ${why}`)
      }
      ctx.out(report(r, json))
      return 0
    } finally {
      off()
      process.removeListener('SIGINT', onSignal)
      await runtime.close()
    }
  }
}
