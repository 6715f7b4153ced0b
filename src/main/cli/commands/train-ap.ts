/** `circumplex train --model ap …`: Affective Processes over a frozen ANCLaF stage-1 backbone. */
import { AppError } from '../../../shared/ipc/errors'
import { LABEL_RANGE } from '../../engine/data/dataset-dir'
import { AP_LOSSES, AP_SELECTIONS, apConfig, type ApLoss, type ApOverrides, type ApSelection } from '../../engine/models/ap/config'
import { apTrainingService, type ApTrainRequest } from '../../services/ap/ap-service'
import type { ApTrainJobResult } from '../../services/ap/ap-train-job'
import type { Metrics } from '../../engine/train/frame-set'
import { flagInt, flagString } from '../args'
import type { CliContext, ParsedArgs } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { f3, readDataAndFormat, readFold, readLr } from './train-common'
import { runTrainingJob } from './train-job'

export const AP_USAGE = `circumplex train --model ap --backbone <ANCLaF image run> --data <dir> --format afew-va|sewa|aff-wild2
                --folds <split.json> [--fold N|NAME] [--epochs N] [--iters N] [--batch B] [--lr LR] [--weight-decay W]
                [--loss nll|nll+kl|nll+reg|nll+reg+kl] [--decoder direct|residual] [--context C] [--window W] [--hop H] [--test-context window|session]
                [--selection lowest|random|highest] [--samples S] [--hidden H] [--seed S] [--json] [--data-dir DIR]
  Trains an Affective Process (P004: latent-only neural process) on the per-frame features (enc_C vectors, from the
  latent cache) and per-frame V/A predictions (its C head) of a FROZEN stage-1 run. Defaults are the paper's: r = z =
  128, 3-layer MLPs, sequences of 35-70 frames, context 3…L with ground-truth or backbone labels (p = 0.5), Adam lr
  2.5e-4, weight decay 1e-4, cosine annealing, 25 epochs × 1000 iterations (--epochs, --iters reduce them), loss nll
  (ties nll+reg in Table 1 and validates better here: reg shrinks the traces); at test the 40 frames of each 70-frame
  window with the lowest latent σ are the context (--context, --window; windows overlap by --hop and are cross-faded).
  The epoch is selected on the validation subjects; the test subjects are reported once: CCC of the backbone alone vs
  the AP, and the AP's predicted σ on the manifest's degraded vs clean segments (σ is fitted to the residuals on the
  AP's training subjects, which the backbone may have memorised: a split whose train subjects the backbone never saw
  avoids that, see bench/ap-acceptance.sh PROTOCOL=disjoint). The run goes to the store (run_epochs per epoch,
  best.ckpt in <data-dir>/runs/<run-id>/). Infer with: circumplex infer --run <run-id> --session ID|--all (stores the
  trace 'AP' with extras va_sigma, va_samples, ap_context). --decoder residual (an addition, not in P004) decodes
  the mean as the backbone's own prediction of the frame plus a correction from [x; z]. --test-context session selects
  the context once over the whole session instead of per window; held-out CCC was .04-.07 lower with it on the
  32- and 64-subject synthetic worlds (the AP trains on 35-70-frame sequences), so it is there for comparison, not as an improvement.`

const FLAGS = ['model', 'backbone', 'data', 'format', 'folds', 'fold', 'epochs', 'iters', 'batch', 'lr', 'weight-decay', 'loss', 'decoder', 'context', 'window', 'hop', 'test-context', 'selection', 'samples', 'hidden', 'seed', 'json', 'data-dir']

export function isApModel(model: string | undefined): boolean {
  return model === 'ap'
}

/** Parses and validates the command line (reads only the split file). */
export function parseApTrainArgs(args: ParsedArgs, cwd: string): ApTrainRequest {
  assertKnownFlags(args, FLAGS)
  if (!isApModel(flagString(args, 'model'))) throw new AppError('INVALID_ARGUMENT', `--model must be 'ap'`)
  const backbone = flagString(args, 'backbone')
  if (!backbone) throw new AppError('INVALID_ARGUMENT', '--backbone <ANCLaF stage-1 run trained on face crops> is required: the AP reads its features and predictions')
  const { dataDir, format } = readDataAndFormat(args, cwd)
  const fold = readFold(args, cwd)
  const o: { -readonly [K in keyof ApOverrides]: ApOverrides[K] } = { labelRange: LABEL_RANGE[format] }
  const ints: Array<[string, keyof ApOverrides, number, number]> = [
    ['epochs', 'epochs', 1, 10000],
    ['iters', 'itersPerEpoch', 1, 1_000_000],
    ['batch', 'batch', 1, 4096],
    ['context', 'contextPoints', 1, 100_000],
    ['window', 'window', 2, 100_000],
    ['hop', 'hop', 1, 100_000],
    ['samples', 'samples', 1, 100],
    ['seed', 'seed', 0, 2 ** 31]
  ]
  for (const [flag, key, min, max] of ints) {
    const v = flagInt(args, flag, { min, max })
    if (v !== undefined) Object.assign(o, { [key]: v })
  }
  const hidden = flagInt(args, 'hidden', { min: 1, max: 8192 })
  if (hidden !== undefined) Object.assign(o, { hidden, rDim: hidden, zDim: hidden })
  if (o.window !== undefined && o.hop === undefined) o.hop = Math.max(1, Math.floor(o.window / 2))
  const lr = readLr(args)
  const wdText = flagString(args, 'weight-decay')
  const wd = wdText === undefined ? undefined : Number(wdText)
  if (wd !== undefined && !(wd >= 0)) throw new AppError('INVALID_ARGUMENT', `--weight-decay must be a number ≥ 0, got '${wdText}'`)
  if (lr !== undefined || wd !== undefined) o.optimiser = { ...(lr !== undefined ? { lr } : {}), ...(wd !== undefined ? { weightDecay: wd } : {}) }
  const loss = flagString(args, 'loss')
  if (loss !== undefined) {
    if (!(AP_LOSSES as readonly string[]).includes(loss)) throw new AppError('INVALID_ARGUMENT', `--loss must be one of ${AP_LOSSES.join(', ')}, got '${loss}'`)
    o.loss = loss as ApLoss
  }
  const dec = flagString(args, 'decoder')
  if (dec !== undefined) {
    if (dec !== 'direct' && dec !== 'residual') throw new AppError('INVALID_ARGUMENT', `--decoder must be 'direct' or 'residual', got '${dec}'`)
    o.decoderOutput = dec
  }
  const tc = flagString(args, 'test-context')
  if (tc !== undefined) {
    if (tc !== 'window' && tc !== 'session') throw new AppError('INVALID_ARGUMENT', `--test-context must be 'window' or 'session', got '${tc}'`)
    o.testContext = tc
  }
  const sel = flagString(args, 'selection')
  if (sel !== undefined) {
    if (!(AP_SELECTIONS as readonly string[]).includes(sel)) throw new AppError('INVALID_ARGUMENT', `--selection must be one of ${AP_SELECTIONS.join(', ')}, got '${sel}'`)
    o.selection = sel as ApSelection
  }
  return { config: apConfig(o), dataDir, format, fold, backbone }
}

const row = (label: string, m: Metrics | null | undefined): string =>
  m ? `${label.padEnd(24)} ${f3(m.ccc_v)}  ${f3(m.ccc_a)}  ${f3(m.ccc_mean)}   ${f3(m.rmse_v)}  ${f3(m.rmse_a)}   ${String(m.n).padStart(6)}` : `${label.padEnd(24)} (no frames)`

/** The run's table: epochs, selection, and the held-out comparison. */
export function apReport(r: ApTrainJobResult): string {
  const lines = [`run ${r.runId} (AP over backbone ${r.backbone.runId}, fold ${r.fold}, backend ${r.backend}; features ${r.featureDim ?? '—'}-d; latents: ${r.latents.computedFrames} frames encoded in ${r.latents.wallS.toFixed(1)} s)`]
  lines.push('epoch  wall_s    loss     nll      reg      kl     val CCC V/A/mean')
  for (const e of r.epochs) {
    lines.push(`${String(e.epoch).padStart(5)}  ${e.wallS.toFixed(1).padStart(6)}  ${f3(e.loss.total).padStart(6)}  ${f3(e.loss.nll).padStart(6)}  ${f3(e.loss.reg).padStart(6)}  ${f3(e.loss.kl).padStart(6)}   ${f3(e.val.ccc_v)} ${f3(e.val.ccc_a)} ${f3(e.val.ccc_mean)}`)
  }
  lines.push(`selected epoch (validation CCC mean): ${r.bestEpoch ?? '—'}; the backbone alone on validation: ${f3(r.backboneVal?.ccc_mean)}`)
  const t = r.test
  if (!t) {
    lines.push('no test subjects in this fold')
    return lines.join('\n')
  }
  lines.push(`held-out test subjects (${t.clips} clips, ${t.frames.all} frames: ${t.frames.clean} clean, ${t.frames.degraded} video-degraded)`)
  lines.push('                         CCC V   CCC A   mean     RMSE V  RMSE A      n')
  lines.push(row('backbone alone', t.backbone.all), row('AP', t.ap.all))
  lines.push(row('backbone, clean', t.backbone.clean), row('AP, clean', t.ap.clean), row('backbone, degraded', t.backbone.degraded), row('AP, degraded', t.ap.degraded))
  for (const [k, m] of Object.entries(t.ablations)) lines.push(row(`AP, ${k}`, m))
  const s = t.sigma
  lines.push(
    `AP predicted σ (mean of V, A; [−1, 1] scale): clean ${f3(s.clean.mean)} (n ${s.clean.n}), degraded ${f3(s.degraded.mean)} (n ${s.degraded.n}); ` +
      `ratio ${f3(s.ratio)}, Cohen's d ${f3(s.cohensD)}, Cliff's δ ${f3(s.cliffsDelta)}`
  )
  const p = t.pointSigma
  lines.push(`latent ‖σ_c‖ (context score): clean ${f3(p.clean.mean)}, degraded ${f3(p.degraded.mean)}; Cohen's d ${f3(p.cohensD)}`)
  lines.push(`infer with: circumplex infer --run ${r.runId} --session ID|--all`)
  return lines.join('\n')
}

export async function runApTrain(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const req = parseApTrainArgs(args, ctx.cwd)
  return runTrainingJob<ApTrainJobResult>(args, ctx, (app, onDone) => apTrainingService(app).start(req, onDone), ['CONFLICT', 'LENGTH_MISMATCH', 'INVALID_ARGUMENT', 'NOT_FOUND'], apReport)
}
