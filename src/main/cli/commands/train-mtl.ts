/** `circumplex train --model mtl …`: P003's multi-task AU / expression / V-A model on a frozen stage-1 backbone. */
import { resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { ABAW_AUS, ABAW_EXPRESSIONS } from '../../../shared/review'
import { mtlConfig, type MtlOverrides } from '../../engine/models/mtl/config'
import type { MtlMetrics } from '../../engine/models/mtl/metrics'
import { mtlTrainingService, type MtlTrainRequest } from '../../services/mtl/mtl-service'
import type { MtlTrainJobResult } from '../../services/mtl/mtl-train-job'
import { flagBool, flagInt, flagString } from '../args'
import type { CliContext, ParsedArgs } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { f3, readFold, readLr } from './train-common'
import { runTrainingJob } from './train-job'

export const MTL_USAGE = `circumplex train --model mtl --stage1 <ANCLaF image run> --data <dir> --folds <split.json> [--fold N|NAME]
                [--schedule separate|joint] [--epochs N] [--batch B] [--lr LR] [--optimiser sgd-sam|sgd]
                [--neighbours K] [--node-dim D] [--attention-dim A] [--no-cross-attention] [--no-va-bn]
                [--expr-updates-au] [--seed S] [--json] [--data-dir DIR]
  Trains P003's multi-task model — ANFL AU graph (12 per-AU node features, kNN graph of dot-product edges, GCN,
  cosine to learned vectors), the expression head re-weighted by cross-attention on the AU predictions, the V/A head
  (FC + BN + tanh) — on the FROZEN per-frame enc_C latents of --stage1 (P003's pretrained EfficientNet is not
  available; the latent cache is shared with the sequence models). Labels are ABAW files in the dataset folder:
  aff-wild2/<clip>.txt (V/A), abaw/AU/<clip>.txt, abaw/EXPR/<clip>.txt (circumplex synth writes them; for an older
  synthetic dataset: circumplex synth --add-abaw --out <dir>); missing labels (−1 / −5) are masked. --schedule separate
  (default, the paper): AU first, then the expression head on the frozen AU branch, then V/A, each selected on the
  validation subjects by its own metric; joint: one masked loss, selected on P_MTL. SGD + SAM, lr 1e-3 cosine, batch
  256, 30 epochs per task unless set. Reports P_MTL = P_AU (mean F1, 12 AUs) + P_EX (macro F1, 8 classes) + P_VA (mean
  CCC) on the validation and the held-out test subjects; the learned AU graph goes to
  <data-dir>/runs/<run-id>/au-adjacency.svg (+ .json). Infer with: circumplex infer --run <run-id> --session ID|--all
  (stores the trace 'MTL' with extras au_probs (12) and expr_probs (8)).`

const FLAGS = ['model', 'stage1', 'data', 'folds', 'fold', 'schedule', 'epochs', 'batch', 'lr', 'optimiser', 'neighbours', 'node-dim', 'attention-dim', 'cross-attention', 'va-bn', 'expr-updates-au', 'seed', 'json', 'data-dir']

export function isMtlModel(model: string | undefined): boolean {
  return model === 'mtl'
}

/** Parses and validates the command line (reads only the split file). */
export function parseMtlTrainArgs(args: ParsedArgs, cwd: string): MtlTrainRequest {
  assertKnownFlags(args, FLAGS)
  if (!isMtlModel(flagString(args, 'model'))) throw new AppError('INVALID_ARGUMENT', `--model must be 'mtl'`)
  const stage1 = flagString(args, 'stage1')
  if (!stage1) throw new AppError('INVALID_ARGUMENT', 'mtl reads the per-frame latents of a frozen stage-1 run: --stage1 <ANCLaF image run id> is required')
  const data = flagString(args, 'data')
  if (!data) throw new AppError('INVALID_ARGUMENT', '--data <dataset dir> is required')
  const fold = readFold(args, cwd)
  const o: { -readonly [K in keyof MtlOverrides]: MtlOverrides[K] } = {}
  const schedule = flagString(args, 'schedule')
  if (schedule !== undefined) {
    if (schedule !== 'separate' && schedule !== 'joint') throw new AppError('INVALID_ARGUMENT', `--schedule must be 'separate' (the paper) or 'joint', got '${schedule}'`)
    o.schedule = schedule
  }
  const epochs = flagInt(args, 'epochs', { min: 1, max: 10000 })
  if (epochs !== undefined) o.epochs = epochs
  const batch = flagInt(args, 'batch', { min: 2, max: 65536 })
  if (batch !== undefined) o.batch = batch
  const optimiser: { -readonly [K in keyof NonNullable<MtlOverrides['optimiser']>]: NonNullable<MtlOverrides['optimiser']>[K] } = {}
  const lr = readLr(args)
  if (lr !== undefined) optimiser.lr = lr
  const opt = flagString(args, 'optimiser')
  if (opt !== undefined) {
    if (opt !== 'sgd-sam' && opt !== 'sgd') throw new AppError('INVALID_ARGUMENT', `--optimiser must be 'sgd-sam' (the paper) or 'sgd', got '${opt}'`)
    optimiser.name = opt
  }
  if (Object.keys(optimiser).length) o.optimiser = optimiser
  const k = flagInt(args, 'neighbours', { min: 1, max: 12 })
  if (k !== undefined) o.neighbours = k
  const nd = flagInt(args, 'node-dim', { min: 1, max: 8192 })
  if (nd !== undefined) o.nodeDim = nd
  const ad = flagInt(args, 'attention-dim', { min: 1, max: 4096 })
  if (ad !== undefined) o.attentionDim = ad
  if (args.flags['cross-attention'] === false) o.crossAttention = false
  if (args.flags['va-bn'] === false) o.vaBatchNorm = false
  if (flagBool(args, 'expr-updates-au')) o.exprUpdatesAu = true
  const seed = flagInt(args, 'seed', { min: 0 })
  if (seed !== undefined) o.seed = seed
  return { config: mtlConfig(o), dataDir: resolve(cwd, data), fold, stage1 }
}

const pct = (x: number): string => (Number.isFinite(x) ? (100 * x).toFixed(1).padStart(5) : '   — ')

function metricsLine(name: string, m: MtlMetrics | null): string {
  if (!m) return `${name.padEnd(6)} (no subjects)`
  return `${name.padEnd(6)} P_MTL ${pct(m.p_mtl)}  = P_AU ${pct(m.p_au)} + P_EX ${pct(m.p_ex)} + P_VA ${pct(m.p_va)} (CCC V ${f3(m.ccc_v)}, A ${f3(m.ccc_a)})  P_AU over AUs present ${pct(m.p_au_present)}  frames AU ${m.n_au}, EX ${m.n_ex}, VA ${m.n_va}`
}

/** The run's summary table (numbers × 100, as P003 prints them). */
export function mtlTable(r: MtlTrainJobResult): string {
  const lines = [`run ${r.runId} (fold ${r.fold}, backend ${r.backend}; latents: ${r.latents.computedFrames} frames encoded in ${r.latents.wallS.toFixed(1)} s)`]
  lines.push('phase   frames  best/epochs  selected by  val     wall_s')
  for (const p of r.phases) lines.push(`${p.phase.padEnd(7)} ${String(p.frames).padStart(6)}  ${`${p.bestEpoch}/${p.epochs.length}`.padStart(11)}  ${p.selectedBy.padEnd(11)}  ${pct(p.val[p.selectedBy] as number)}  ${p.wallS.toFixed(1).padStart(6)}`)
  lines.push(metricsLine('val', r.val), metricsLine('test', r.test))
  const t = r.test ?? r.val
  if (t) {
    lines.push(`F1 per AU (${r.test ? 'test' : 'val'}):  ${ABAW_AUS.map((a, i) => `${a} ${pct(t.au_f1[i]).trim()}`).join('  ')}`)
    lines.push(`F1 per expression:   ${ABAW_EXPRESSIONS.map((a, i) => `${a} ${pct(t.ex_f1[i]).trim()}`).join('  ')}`)
  }
  if (r.adjacency) lines.push(`learned AU graph (${r.adjacency.split}, ${r.adjacency.frames} frames): ${r.adjacency.svg}`)
  lines.push(`infer: circumplex infer --run ${r.runId} --session ID|--all`)
  return lines.join('\n')
}

export async function runMtlTrain(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const req = parseMtlTrainArgs(args, ctx.cwd)
  return runTrainingJob<MtlTrainJobResult>(args, ctx, (app, onDone) => mtlTrainingService(app).start(req, onDone), ['CONFLICT', 'LENGTH_MISMATCH', 'INVALID_ARGUMENT', 'NOT_FOUND', 'PARSE_ERROR'], mtlTable)
}
