/** `circumplex train --model anclaf-s|anclaf-sa|vi-des|au-des|avi-cas|avi-gas …`: sequence models on cached latents. */
import { AppError } from '../../../shared/ipc/errors'
import { datasetHash, LABEL_RANGE, listClips } from '../../engine/data/dataset-dir'
import { datasetChanged } from '../../services/training/run-control'
import { setStopIntent } from '../../services/training/run-jobs'
import { SEQUENCE_VARIANTS, sequenceConfig, type SequenceOverrides, type SequenceVariant } from '../../engine/models/sequence/config'
import { sequenceTrainingService, type SequenceTrainRequest } from '../../services/training/sequence-service'
import type { SequenceTrainJobResult } from '../../services/training/sequence-train-job'
import { openCliRuntime } from '../cli-runtime'
import { flagBool, flagInt, flagString } from '../args'
import type { CliContext, ParsedArgs } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { datasetLookup, eta, f3, readLr, readTrainingData, type RegisteredDataset } from './train-common'

export const SEQUENCE_USAGE = `circumplex train --model anclaf-s|anclaf-sa|vi-des|au-des|avi-cas|avi-gas --stage1 <image run>
                [--stage1-audio <spectrogram run>] (--data <dir> --format afew-va|sewa|aff-wild2 --folds <split.json>
                | --dataset <id>) [--fold N|NAME] [--epochs-per-stage K] [--batch B] [--lr LR] [--hidden H]
                [--curriculum 2,4,8] [--clip-norm C] [--class-weights inverse-frequency|none]
                [--short-sessions refuse|pad] [--audio-dropout P] [--seed S] [--quadrant-head] [--json] [--data-dir DIR]
  Trains a sequence model (attention LSTM over windows of n frames; curriculum 2,4,8,16,32 for ANCLaF-S/SA, 2,4,8
  for the audio-visual models) on the per-frame latents of frozen stage-1 runs: --stage1 = an ANCLaF run on face
  crops (image branch), --stage1-audio = an ANCLaF run trained with --input spectrogram (audio branch: Au-DeS,
  AVi-CaS, AVi-GaS). Latents are computed once per (stage-1 run, clip) into <data-dir>/latents/ and reused; a
  stage-1 run whose weights changed makes them stale (recomputed) and makes a new sequence run. Each stage starts
  from the previous one and is selected on the validation subjects; every stage is then reported on the test
  subjects. A checkpoint per stage goes to <data-dir>/runs/<run-id>/stage-<name>.ckpt, the stage records to the
  run's config_json and run_epochs (one row per epoch of every stage). Runs as a job (progress + ETA; Ctrl+C
  pauses). The same command again, or --resume <run-id>, resumes per stage: finished stages are kept, the
  curriculum continues with the first unfinished one (a stage cut short trains again from its start). --hidden sets the LSTM, attention and GMU widths (default 512, Table A.3).
  --quadrant-head adds a 4-way quadrant output (not in the papers' sequence models; its probabilities are stored
  per frame by infer as 'quadrant_probs').
  --audio-dropout P (models with an audio branch; default 0 = the thesis): that share of training windows has its
  audio, from a random frame to the window's end, replaced by the audio model's latent of digital silence, so the
  GMU gate learns to move its weight to the face when the voice drops out (an addition, not in the thesis).`

const FLAGS = [
  'model',
  'stage1',
  'stage1-audio',
  'data',
  'format',
  'folds',
  'dataset',
  'fold',
  'epochs-per-stage',
  'batch',
  'lr',
  'hidden',
  'curriculum',
  'clip-norm',
  'class-weights',
  'short-sessions',
  'audio-dropout',
  'seed',
  'quadrant-head',
  'json',
  'data-dir'
]

/** A registered dataset as `--dataset` needs it. */
export type SequenceDataset = RegisteredDataset

export type CliSequenceRequest = SequenceTrainRequest & { readonly dataset: SequenceDataset | null }

export function isSequenceModel(model: string | undefined): model is SequenceVariant {
  return model !== undefined && (SEQUENCE_VARIANTS as readonly string[]).includes(model)
}

/** Parses and validates the command line (reads only the split file). */
export function parseSequenceTrainArgs(args: ParsedArgs, cwd: string, lookup?: (id: string) => SequenceDataset | null): CliSequenceRequest {
  assertKnownFlags(args, FLAGS)
  const variant = flagString(args, 'model')
  if (!isSequenceModel(variant)) throw new AppError('INVALID_ARGUMENT', `--model must be one of ${SEQUENCE_VARIANTS.join(', ')}, got '${variant}'`)
  const { dataset, dataDir, format, fold } = readTrainingData(args, cwd, lookup)
  const o: { -readonly [K in keyof SequenceOverrides]: SequenceOverrides[K] } = { labelRange: LABEL_RANGE[format] }
  const k = flagInt(args, 'epochs-per-stage', { min: 1, max: 10000 })
  if (k !== undefined) o.epochsPerStage = k
  const batch = flagInt(args, 'batch', { min: 2, max: 4096 })
  if (batch !== undefined) o.batch = batch
  const lr = readLr(args)
  if (lr !== undefined) o.optimiser = { lr }
  const hidden = flagInt(args, 'hidden', { min: 1, max: 8192 })
  if (hidden !== undefined) Object.assign(o, { hidden, attentionDim: hidden, gmuDim: hidden })
  const cur = flagString(args, 'curriculum')
  if (cur !== undefined) {
    const ns = cur.split(',').map((x) => Number(x.trim()))
    if (ns.some((n) => !Number.isInteger(n))) throw new AppError('INVALID_ARGUMENT', `--curriculum must list window lengths like 2,4,8, got '${cur}'`)
    o.curriculum = ns
  }
  const clipText = flagString(args, 'clip-norm')
  if (clipText !== undefined) {
    const clip = Number(clipText)
    if (!(clip >= 0)) throw new AppError('INVALID_ARGUMENT', `--clip-norm must be a number ≥ 0 (0 = off), got '${clipText}'`)
    o.clipNorm = clip
  }
  const cw = flagString(args, 'class-weights')
  if (cw !== undefined) {
    if (cw !== 'inverse-frequency' && cw !== 'none') throw new AppError('INVALID_ARGUMENT', `--class-weights must be 'inverse-frequency' or 'none', got '${cw}'`)
    o.classWeights = { form: cw }
  }
  const short = flagString(args, 'short-sessions')
  if (short !== undefined) {
    if (short !== 'refuse' && short !== 'pad') throw new AppError('INVALID_ARGUMENT', `--short-sessions must be 'refuse' or 'pad', got '${short}'`)
    o.shortSessions = short
  }
  const dropText = flagString(args, 'audio-dropout')
  if (dropText !== undefined) {
    const p = Number(dropText)
    if (!(p >= 0 && p < 1)) throw new AppError('INVALID_ARGUMENT', `--audio-dropout must be a probability in [0, 1), got '${dropText}'`)
    o.audioDropout = p
  }
  if (flagBool(args, 'quadrant-head')) o.quadrantHead = true
  const seed = flagInt(args, 'seed', { min: 0 })
  if (seed !== undefined) o.seed = seed
  const config = sequenceConfig(variant, o)
  const image = flagString(args, 'stage1')
  const audio = flagString(args, 'stage1-audio')
  if (config.modalities.includes('image') && !image) throw new AppError('INVALID_ARGUMENT', `${variant} reads face latents: --stage1 <ANCLaF image run id> is required`)
  if (config.modalities.includes('audio') && !audio) throw new AppError('INVALID_ARGUMENT', `${variant} reads audio latents: --stage1-audio <ANCLaF run trained with --input spectrogram> is required`)
  return { config, dataDir, format, fold, stage1: { ...(image && config.modalities.includes('image') ? { image } : {}), ...(audio && config.modalities.includes('audio') ? { audio } : {}) }, dataset }
}

/** The finished run's stage table (or its JSON): also what `circumplex train --resume` prints for a sequence run. */
export function sequenceReport(r: SequenceTrainJobResult, json: boolean): string {
  return json ? JSON.stringify(r, null, 2) + '\n' : stageTable(r) + '\n'
}

export function isSequenceResult(r: unknown): r is SequenceTrainJobResult {
  const o = r as Partial<SequenceTrainJobResult> | null
  return !!o && typeof o === 'object' && Array.isArray(o.stages) && typeof o.variant === 'string'
}

function stageTable(r: SequenceTrainJobResult): string {
  const lines = [`run ${r.runId} (${r.label}, fold ${r.fold}, backend ${r.backend}; latents: ${r.latents.computedFrames} frames encoded in ${r.latents.wallS.toFixed(1)} s)`]
  lines.push('stage          n  att  from        best  val CCC V/A/mean       test CCC V/A/mean      wall_s')
  for (const s of r.stages) {
    const v = s.val
    const t = s.test?.all
    lines.push(
      `${s.name.padEnd(13)} ${String(s.n).padStart(2)}  ${s.attention ? 'yes' : 'no '}  ${(s.initFrom ?? '—').padEnd(10)} ${String(s.bestEpoch).padStart(4)}  ` +
        `${f3(v.ccc_v)} ${f3(v.ccc_a)} ${f3(v.ccc_mean)}    ${t ? `${f3(t.ccc_v)} ${f3(t.ccc_a)} ${f3(t.ccc_mean)}` : '(no test subjects)  '}   ${s.wallS.toFixed(1).padStart(6)}`
    )
  }
  lines.push(`inference uses the final stage ${r.final ?? '—'} (circumplex infer --run ${r.runId} --session ID|--all)`)
  return lines.join('\n')
}

export async function runSequenceTrain(args: ParsedArgs, ctx: CliContext): Promise<number> {
  // Without the store, bad arguments are refused before anything is opened.
  const plain = flagString(args, 'dataset') === undefined ? parseSequenceTrainArgs(args, ctx.cwd) : null
  const runtime = openCliRuntime(args, ctx)
  let current: { jobId: string; runId: string } | null = null
  const onSignal = () => {
    if (!current) return
    // Ctrl+C pauses: the finished stages are kept (this command again, --resume, or the app continues).
    setStopIntent(runtime.ctx, current.runId, 'paused')
    runtime.ctx.jobs.cancel(current.jobId)
  }
  process.once('SIGINT', onSignal)
  const off = runtime.ctx.jobs.on((j) => {
    if (j.id === current?.jobId && j.state === 'running' && j.total > 0) ctx.err(`\r${j.label}: ${Math.round(j.done)}/${Math.round(j.total)}${eta(j.etaS)}   `)
  })
  try {
    const req = plain ?? parseSequenceTrainArgs(args, ctx.cwd, datasetLookup(runtime.ctx))
    let dataHash: string | undefined
    if (req.dataset) {
      dataHash = datasetHash(listClips(req.dataDir), req.format)
      if (dataHash !== req.dataset.dataHash) throw datasetChanged(req.dataset.name, req.dataset.dataHash, dataHash)
    }
    const r = await new Promise<{ result: SequenceTrainJobResult | null; runId: string; state: string; error: string | null; code: string | null; paused: boolean }>((res, rej) => {
      try {
        const { job, run } = sequenceTrainingService(runtime.ctx).start(
          req,
          (stored, end, result) =>
            res({ result, runId: stored.id, state: end.state, error: end.error ? `${end.error.code}: ${end.error.message}` : null, code: end.error?.code ?? null, paused: stored.stopReason === 'paused' }),
          { dataHash, ...(req.dataset ? { datasetId: req.dataset.id } : {}) }
        )
        current = { jobId: job.id, runId: run.id }
        ctx.err(`run ${run.id}\n`)
      } catch (e) {
        rej(e)
      }
    })
    ctx.err('\n')
    if (r.state !== 'done' || !r.result) {
      const code = r.state === 'cancelled' ? 'CANCELLED' : r.code === 'MEDIA_NO_AUDIO' || r.code === 'CONFLICT' || r.code === 'LENGTH_MISMATCH' || r.code === 'INVALID_ARGUMENT' ? r.code : 'JOB_FAILED'
      throw new AppError(code, `run ${r.runId}: ${r.paused ? `paused; resume with circumplex train --resume ${r.runId}` : (r.error ?? r.state)}`)
    }
    ctx.out(sequenceReport(r.result, flagBool(args, 'json')))
    return 0
  } finally {
    off()
    process.removeListener('SIGINT', onSignal)
    await runtime.close()
  }
}
