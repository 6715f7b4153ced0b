/** `circumplex train --model aeg-cd-sz …`: P002's AEG-CD-SZ (denoising AEG + conditional discriminator CD with z and audio). */
import { AppError } from '../../../shared/ipc/errors'
import { LABEL_RANGE } from '../../engine/data/dataset-dir'
import type { AegConfig } from '../../engine/models/aeg-cd-sz/config'
import { AEG_PARAMS, aegConfigFromParams } from '../../services/aeg/aeg-params'
import { aegTrainingService, type AegTrainRequest } from '../../services/aeg/aeg-service'
import type { AegTrainJobResult } from '../../services/aeg/aeg-train-job'
import { flagInt, flagString } from '../args'
import type { CliContext, ParsedArgs } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { f3, readDataAndFormat, readFold, readParamFlags } from './train-common'
import { runTrainingJob } from './train-job'

export const AEG_USAGE = `circumplex train --model aeg-cd-sz [--preset compact|thesis] --data <dir> [--format afew-va|sewa|aff-wild2]
                --folds <split.json> [--fold N|NAME] [--epochs N | --phase-epochs D,A,F] [--no-audio]
                [--frame-stride S] [--stride-cycle] [--eval-stride S] [--lr LR] [--lr-schedule constant|cosine] [--ema D]
                [--batch B] [--rec-weight W] [--flip] [--jitter A]
                [--class-weights inverse-frequency|none] [--no-degrade] [--degrade-probability P] [--seed S]
                [--json] [--data-dir DIR]
  Trains P002's AEG-CD-SZ on one fold: the denoising generator AEG and the conditional discriminator CD, which
  regresses V/A itself, receives AEG's latent z after its second conv and the frame's audio (50 eGeMAPS values of
  the previous, current and next frame, from the clip's audio) as an extra input channel. The progressive schedule:
  D epochs of CD alone (ℓ2), A of AEG + CD (adversarial, cycle reconstruction, affect losses), F of AEG + CD with z
  and audio (default 5,10,10; --epochs N splits N 1:2:2). Selection: validation CCC mean among the last phase's
  epochs. --no-audio is the audio ablation (zeros in place of the audio in the last phase). --lr-schedule cosine
  anneals the lr to 0 within each phase and restarts it at the next; --ema D (e.g. 0.998) validates, selects and
  saves a moving average of the weights, restarted at each phase; --flip mirrors each training crop left–right
  with probability ½, --jitter A resamples it with random scales, rotation and shift, and --stride-cycle moves the
  every-S-th training subset on by one frame each epoch (as ANCLaF's). Re-running the same
  command resumes the run from its last checkpoint. Every clip needs an audio stream. Reports held-out CCC on all
  test frames, the video-degraded ones, the clean ones and the audio-degraded ones. Infer with:
  circumplex infer --run <run-id> --session ID|--all. The app's New-run form offers the same settings (same run).`

/** The hyper-parameter flags are those of the app's New-run form (services/aeg/aeg-params.ts). */
const FLAGS = ['model', 'preset', 'data', 'format', 'folds', 'fold', 'epochs', 'phase-epochs', 'json', 'data-dir', ...AEG_PARAMS.map((p) => p.cli)]

export function isAegModel(model: string | undefined): boolean {
  return model === 'aeg-cd-sz'
}

/** --epochs N (split 1:2:2) or --phase-epochs D,A,F; absent: the preset's 5,10,10. */
function readSchedule(args: ParsedArgs): number | AegConfig['schedule'] | undefined {
  const epochs = flagInt(args, 'epochs', { min: 1, max: 10000 })
  const phases = flagString(args, 'phase-epochs')
  if (epochs !== undefined && phases !== undefined) throw new AppError('INVALID_ARGUMENT', 'give --epochs N or --phase-epochs D,A,F, not both')
  if (epochs !== undefined || phases === undefined) return epochs
  const parts = phases.split(',').map((p) => p.trim())
  if (parts.length !== 3 || !parts.every((p) => /^\d+$/.test(p))) throw new AppError('INVALID_ARGUMENT', `--phase-epochs needs three whole numbers D,A,F (Disc, AEG-CD, AEG-CD-SZ epochs), got '${phases}'`)
  const [disc, aegCd, full] = parts.map(Number)
  if (full < 1) throw new AppError('INVALID_ARGUMENT', '--phase-epochs: the last phase (AEG-CD-SZ) needs at least 1 epoch: the model is selected among its epochs')
  return { disc, aegCd, full }
}

/** Parses and validates the command line (reads only the split file). */
export function parseAegTrainArgs(args: ParsedArgs, cwd: string): AegTrainRequest {
  assertKnownFlags(args, FLAGS)
  if (!isAegModel(flagString(args, 'model'))) throw new AppError('INVALID_ARGUMENT', `--model must be 'aeg-cd-sz'`)
  const preset = flagString(args, 'preset') ?? 'compact'
  if (preset !== 'thesis' && preset !== 'compact') throw new AppError('INVALID_ARGUMENT', `--preset must be 'thesis' or 'compact', got '${preset}'`)
  const { dataDir, format } = readDataAndFormat(args, cwd)
  const fold = readFold(args, cwd)
  const config = aegConfigFromParams(preset, readParamFlags(args, AEG_PARAMS), LABEL_RANGE[format], readSchedule(args))
  return { config, dataDir, format, fold }
}

/** The run's summary table. */
export function aegTable(r: AegTrainJobResult): string {
  const lines = [`run ${r.runId} (fold ${r.fold}, backend ${r.backend}${r.resumedFrom ? `, resumed after epoch ${r.resumedFrom}` : ''})`]
  lines.push('epoch  phase       wall_s   val CCC-V  val CCC-A')
  for (const h of r.history) lines.push(`${String(h.epoch).padStart(5)}  ${h.phase.padEnd(10)} ${h.wallS.toFixed(1).padStart(7)}   ${f3(h.val.ccc_v).padStart(9)}  ${f3(h.val.ccc_a).padStart(9)}`)
  lines.push(`best epoch (validation CCC mean, last phase): ${r.bestEpoch}`)
  if (r.test) {
    for (const [k, m] of Object.entries(r.test)) if (m) lines.push(`test ${k.padEnd(13)} CCC V ${f3(m.ccc_v)}  A ${f3(m.ccc_a)}  mean ${f3(m.ccc_mean)}  (n ${m.n})`)
  }
  lines.push(`infer: circumplex infer --run ${r.runId} --session ID|--all`)
  return lines.join('\n')
}

export async function runAegTrain(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const req = parseAegTrainArgs(args, ctx.cwd)
  return runTrainingJob<AegTrainJobResult>(args, ctx, (app, onDone) => aegTrainingService(app).start(req, onDone), ['CONFLICT', 'INVALID_ARGUMENT', 'NOT_FOUND', 'MEDIA_NO_AUDIO', 'LENGTH_MISMATCH'], aegTable)
}
