/** `circumplex train --model tracker …`: the thesis's landmark trackers (FLL, CRT, DCRT; a reduced reproduction). */
import { resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { TRACKER_VARIANTS, trackerConfig, type TrackerOverrides, type TrackerVariant } from '../../engine/models/tracker'
import { trackerTrainingService, type TrackerTrainRequest } from '../../services/trackers/tracker-service'
import type { TrackerTrainJobResult } from '../../services/trackers/tracker-train-job'
import { flagInt, flagList, flagString } from '../args'
import type { CliContext, ParsedArgs } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { f3, readFold } from './train-common'
import { runTrainingJob } from './train-job'

export const TRACKER_USAGE = `circumplex train --model tracker --variant fll|crt|dcrt --data <synth dir> --folds <split.json> [--fold N|NAME]
                [--gt <landmark dir>]... [--pseudo <video>]... [--epochs N] [--steps N] [--batch B] [--lr LR]
                [--seq-max L] [--max-side PX] [--frame-stride S] [--max-frames N] [--seed S] [--json] [--data-dir DIR]
  Trains one of the thesis's landmark trackers — a REDUCED reproduction (compact residual CNN from scratch instead of
  the pretrained Inception-ResNet / SENet, 128² input, tiny data): 'fll' = denoiser + landmark estimator (ch.3),
  'crt' = estimator + box tracker (multi-layer LSTM) + face validation (ch.2), 'dcrt' = CRT with the denoiser (ch.4).
  Data: a circumplex synth folder (exact per-frame 68 points) — the fold's train subjects for the weights, its val
  subjects for selection; --gt adds 300-W/300-VW/menpo ground-truth folders as stills (never the folder you will
  evaluate on: eval-landmarks refuses it); --pseudo adds videos labelled by the default tracker, for PRE-TRAINING only
  (the run is flagged: no accuracy claim against the default tracker). --epochs N sets every phase the variant has
  (denoiser, estimator, tracker, joint) to N epochs of --steps steps; --seq-max L ends the sequence curriculum at L.
  Frames are decoded at --max-side (256) px, every --frame-stride-th (1), at most --max-frames (200) per clip.
  Evaluate with: circumplex eval-landmarks --tracker <run id> --gt <dir> [--moving] [--degrade]`

const FLAGS = ['model', 'variant', 'data', 'folds', 'fold', 'gt', 'pseudo', 'epochs', 'steps', 'batch', 'lr', 'seq-max', 'max-side', 'frame-stride', 'max-frames', 'seed', 'json', 'data-dir']

export function isTrackerModel(model: string | undefined): boolean {
  return model === 'tracker'
}

/** Every value of a repeatable flag: `--gt a --gt b` or `--gt a,b`. */
export function listFlag(args: ParsedArgs, name: string): string[] {
  return flagList(args, name).flatMap((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
}

/** Parses and validates the command line (reads only the split file). */
export function parseTrackerTrainArgs(args: ParsedArgs, cwd: string): TrackerTrainRequest {
  assertKnownFlags(args, FLAGS)
  if (!isTrackerModel(flagString(args, 'model'))) throw new AppError('INVALID_ARGUMENT', `--model must be 'tracker'`)
  const variant = flagString(args, 'variant')
  if (variant === undefined) throw new AppError('INVALID_ARGUMENT', `--variant is required: ${TRACKER_VARIANTS.join(', ')}`)
  if (!(TRACKER_VARIANTS as readonly string[]).includes(variant)) throw new AppError('INVALID_ARGUMENT', `--variant must be one of ${TRACKER_VARIANTS.join(', ')}, got '${variant}'`)
  const data = flagString(args, 'data')
  const gt = listFlag(args, 'gt').map((d) => resolve(cwd, d))
  const pseudo = listFlag(args, 'pseudo').map((d) => resolve(cwd, d))
  if (data === undefined && gt.length === 0) throw new AppError('INVALID_ARGUMENT', '--data <synth dir> (with --folds) or --gt <landmark dir> is required: pseudo-labelled video alone is pre-training data, not a training set')
  if (data !== undefined && args.flags.folds === undefined) throw new AppError('INVALID_ARGUMENT', '--data needs --folds <split.json> (circumplex folds make --val 1): train subjects for the weights, val for selection')
  const synth = data === undefined ? undefined : { dataDir: resolve(cwd, data), fold: readFold(args, cwd) }
  const o: TrackerOverrides = { variant: variant as TrackerVariant }
  const train: NonNullable<TrackerOverrides['train']> = {}
  const epochs = flagInt(args, 'epochs', { min: 1, max: 10000 })
  if (epochs !== undefined) train.epochs = { denoiser: variant === 'crt' ? 0 : epochs, estimator: epochs, tracker: variant === 'fll' ? 0 : epochs, joint: variant === 'dcrt' ? epochs : 0 }
  const steps = flagInt(args, 'steps', { min: 1, max: 1_000_000 })
  if (steps !== undefined) train.stepsPerEpoch = steps
  const batch = flagInt(args, 'batch', { min: 1, max: 1024 })
  if (batch !== undefined) train.batch = batch
  const lrText = flagString(args, 'lr')
  if (lrText !== undefined) {
    const lr = Number(lrText)
    if (!(lr > 0 && lr <= 1)) throw new AppError('INVALID_ARGUMENT', `--lr must be a number in (0, 1], got '${lrText}'`)
    train.lr = lr
  }
  const seqMax = flagInt(args, 'seq-max', { min: 2, max: 256 })
  if (seqMax !== undefined) {
    const cur: number[] = []
    for (let l = 2; l < seqMax; l *= 2) cur.push(l)
    cur.push(seqMax)
    train.curriculum = cur
    o.seqBT = seqMax
  }
  const seed = flagInt(args, 'seed', { min: 0, max: 2 ** 31 - 1 })
  if (seed !== undefined) o.seed = seed
  o.train = train
  return {
    config: trackerConfig(o),
    data: { ...(synth ? { synth } : {}), ...(gt.length ? { gt } : {}), ...(pseudo.length ? { pseudo } : {}) },
    maxSide: flagInt(args, 'max-side', { min: 64, max: 2048 }),
    frameStride: flagInt(args, 'frame-stride', { min: 1, max: 1000 }),
    maxFrames: flagInt(args, 'max-frames', { min: 1, max: 100_000 })
  }
}

/** The run's table: epochs per phase with their metrics, the data, the pseudo-label flag. */
export function trackerReport(r: TrackerTrainJobResult): string {
  const d = r.data
  const lines = [`run ${r.runId} (tracker ${r.variant.toUpperCase()}, backend ${r.backend}; reduced reproduction on tiny data)`]
  lines.push(`data: train ${d.trainSequences} sequences / ${d.trainFrames} frames, val ${d.valSequences} / ${d.valFrames}${r.gtSources.length ? `; ground truth from ${r.gtSources.join(', ')}` : ''}`)
  if (r.pseudo) lines.push('NOTE: trained with frames pseudo-labelled by the default tracker (pre-training only): no accuracy claim against the default tracker')
  lines.push('phase       epoch  wall_s   metrics / losses')
  for (const e of r.epochs) {
    const kv = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${f3(v)}`).join('  ')
    lines.push(`${e.phase.padEnd(10)} ${String(e.epoch).padStart(6)}  ${e.wallS.toFixed(1).padStart(6)}   ${kv(e.metrics)} | ${kv(e.losses)}`)
  }
  if (r.best) lines.push(`best: ${Object.entries(r.best).map(([k, v]) => `${k} ${f3(v)}`).join('  ')}`)
  lines.push(`evaluate with: circumplex eval-landmarks --tracker ${r.runId} --gt <dir> [--moving]`)
  return lines.join('\n')
}

export async function runTrackerTrain(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const req = parseTrackerTrainArgs(args, ctx.cwd)
  return runTrainingJob<TrackerTrainJobResult>(args, ctx, (app, onDone) => trackerTrainingService(app).start(req, onDone), ['INVALID_ARGUMENT', 'NOT_FOUND', 'MEDIA_UNREADABLE'], trackerReport)
}
