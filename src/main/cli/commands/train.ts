import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { parseSplitFile, type SplitFold } from '../../../core/folds'
import { openCliRuntime } from '../cli-runtime'
import { LABEL_FORMATS, LABEL_RANGE, type LabelFormat } from '../../engine/data/dataset-dir'
import { anclafConfig, type AnclafConfig, type AnclafPreset } from '../../engine/models/anclaf/config'
import { trainingService, type TrainRequest } from '../../services/training/training-service'
import type { TrainJobResult } from '../../services/training/train-job'
import { flagBool, flagInt, flagString } from '../args'
import type { CliCommand, CliContext, ParsedArgs } from '../command'
import { assertKnownFlags } from '../affect/cli-io'

const USAGE = `circumplex train --model anclaf --preset thesis|compact --data <dir> --format afew-va|sewa|aff-wild2
                --folds <split.json> [--fold N|NAME] --epochs N [--batch B] [--lr LR] [--no-degrade] [--no-denoise]
                [--json] [--data-dir DIR]
  Trains ANCLaF stage 1 (G, D, C together) on one fold of a subject-grouped split file (circumplex folds make
  --val 1): train subjects for the weights, val subjects for checkpoint selection, test subjects reported once with
  the selected checkpoint (all frames, and the manifest's degraded / clean segments). Runs as a job (progress + ETA on
  stderr; Ctrl+C cancels, keeping the last checkpoint). The run record and per-epoch curves go to the store,
  checkpoints to <data-dir>/runs/<run-id>/. Re-running the same command resumes the same run from its last
  checkpoint (e.g. after a kill). --no-degrade: G sees clean inputs only; --no-denoise: G gets no reconstruction /
  adversarial loss (ablations).`

const FLAGS = ['model', 'preset', 'data', 'format', 'folds', 'fold', 'epochs', 'batch', 'lr', 'degrade', 'denoise', 'json', 'data-dir']

/** Parses and validates the command line into a training request (no I/O besides reading the split file). */
export function parseTrainArgs(args: ParsedArgs, cwd: string): TrainRequest {
  assertKnownFlags(args, FLAGS)
  const model = flagString(args, 'model') ?? 'anclaf'
  if (model !== 'anclaf') throw new AppError('INVALID_ARGUMENT', `--model must be 'anclaf' (the only model with a trainer so far), got '${model}'`)
  const preset = flagString(args, 'preset') ?? 'compact'
  if (preset !== 'thesis' && preset !== 'compact') throw new AppError('INVALID_ARGUMENT', `--preset must be 'thesis' or 'compact', got '${preset}'`)
  const data = flagString(args, 'data')
  if (!data) throw new AppError('INVALID_ARGUMENT', '--data <dataset dir> is required')
  const format = (flagString(args, 'format') ?? 'afew-va') as LabelFormat
  if (!LABEL_FORMATS.includes(format)) throw new AppError('INVALID_ARGUMENT', `--format must be one of ${LABEL_FORMATS.join(', ')}, got '${format}'`)
  const foldsPath = flagString(args, 'folds')
  if (!foldsPath) throw new AppError('INVALID_ARGUMENT', '--folds <split.json> is required (make one with circumplex folds make --val 1)')
  let text: string
  try {
    text = readFileSync(resolve(cwd, foldsPath), 'utf8')
  } catch (e) {
    throw new AppError('NOT_FOUND', `cannot read the split file ${foldsPath}: ${(e as Error).message}`)
  }
  const split = parseSplitFile(text)
  const foldArg = flagString(args, 'fold') ?? '1'
  const fold: SplitFold | undefined = /^\d+$/.test(foldArg) ? split.folds[Number(foldArg) - 1] : split.folds.find((f) => f.name === foldArg)
  if (!fold) throw new AppError('INVALID_ARGUMENT', `--fold ${foldArg}: the split file has folds 1..${split.folds.length} (${split.folds.map((f) => f.name).join(', ')})`)
  const epochs = flagInt(args, 'epochs', { min: 1, max: 10000 })
  if (epochs === undefined) throw new AppError('INVALID_ARGUMENT', '--epochs N is required')
  const batch = flagInt(args, 'batch', { min: 2, max: 4096 })
  const lrText = flagString(args, 'lr')
  const lr = lrText === undefined ? undefined : Number(lrText)
  if (lr !== undefined && !(lr > 0)) throw new AppError('INVALID_ARGUMENT', `--lr must be a positive number, got '${lrText}'`)
  const config: AnclafConfig = anclafConfig(preset as AnclafPreset, {
    labelRange: LABEL_RANGE[format],
    ...(batch !== undefined ? { batch } : {}),
    ...(lr !== undefined ? { optimiser: { lr } } : {}),
    ...(args.flags.degrade === false ? { degrade: { enabled: false } } : {}),
    ...(args.flags.denoise === false ? { denoise: false } : {})
  })
  return { config, dataDir: resolve(cwd, data), format, fold, epochs }
}

function eta(s: number | null): string {
  return s === null ? '' : ` ETA ${s < 60 ? `${Math.ceil(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`}`
}

const f3 = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '  —  ' : x.toFixed(3))

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'Train a model (ANCLaF stage 1) on one fold of a dataset folder; resumable',
  usage: USAGE,
  async run(args: ParsedArgs, ctx: CliContext) {
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
