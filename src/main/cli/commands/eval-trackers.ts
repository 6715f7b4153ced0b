/**
 * `circumplex eval-landmarks --tracker …`: 300-VW-style evaluation of one or more trackers (default, mean-shape,
 * tracker runs, '<run>:no-denoise') on ground-truth stills, moving faces and held-out synthetic clips, as a job; one
 * table comparing them (per set / category: NME box and inter-ocular %, AUC@0.08 both, failure rate %, n), each
 * evaluation stored in landmark_evals unless --no-save.
 */
import { resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import type { LandmarkEvalRecord } from '../../faces/trackers/types'
import type { SuiteSpec } from '../../faces/trackers/eval-suite'
import { trackerEvalService, type TrackerEvalRequest } from '../../services/trackers/tracker-eval-service'
import { openCliRuntime } from '../cli-runtime'
import { flagBool, flagInt, flagString } from '../args'
import type { CliContext, ParsedArgs } from '../command'
import { assertKnownFlags } from '../affect/cli-io'
import { jobEndError, watchJobs } from './cli-jobs'
import { readFold } from './train-common'
import { listFlag } from './train-tracker'

export const EVAL_TRACKERS_USAGE = `circumplex eval-landmarks --tracker <default|mean-shape|run id[:no-denoise]> [--tracker …] [--gt <dir>]...
                [--moving] [--moving-frames N] [--synthetic <synth dir> --folds <split.json> [--fold N|NAME] [--max-frames N]]
                [--degrade] [--seed S] [--no-save] [--json] [--data-dir DIR]
  300-VW protocol: stills are landmarked from their ground-truth box; sequences start from the first frame's ground
  truth and are tracked (frame 0 not scored). --moving makes moving faces from the --gt stills (known zoom / pan /
  roll per frame → exact ground truth) in three categories (1 mild, well lit; 2 more motion + illumination changes;
  3 strong motion + blur / noise / downsampling); --synthetic evaluates the fold's TEST subjects of a synth dataset,
  split into the manifest's clean and degraded frames; --degrade degrades every input with the thesis models (the
  denoiser ablation). NME over all 68 points by the box √(w·h) (thesis) and by the outer eye corners; AUC@0.08, failure
  rate (NME > 0.08 or no face). Each tracker's result is stored (Train → Landmarks shows the CED) unless --no-save.`

const FLAGS = ['tracker', 'gt', 'moving', 'moving-frames', 'synthetic', 'folds', 'fold', 'max-frames', 'degrade', 'seed', 'save', 'json', 'data-dir']

export function parseEvalTrackersArgs(args: ParsedArgs, cwd: string): TrackerEvalRequest {
  assertKnownFlags(args, FLAGS)
  const trackers = listFlag(args, 'tracker')
  if (trackers.length === 0) throw new AppError('INVALID_ARGUMENT', '--tracker <default|mean-shape|run id> is required')
  if (new Set(trackers).size !== trackers.length) throw new AppError('INVALID_ARGUMENT', `--tracker: each tracker once (got ${trackers.join(', ')})`)
  const gt = listFlag(args, 'gt').map((d) => resolve(cwd, d))
  const moving = flagBool(args, 'moving')
  if (moving && gt.length === 0) throw new AppError('INVALID_ARGUMENT', '--moving builds moving faces from the ground-truth stills: give --gt <dir> too')
  const synthDir = flagString(args, 'synthetic')
  if (synthDir === undefined && (args.flags.folds !== undefined || args.flags.fold !== undefined)) throw new AppError('INVALID_ARGUMENT', '--folds / --fold choose the test subjects of --synthetic <dir>')
  const suite: SuiteSpec = {
    ...(gt.length ? { gt } : {}),
    ...(moving ? { moving, movingFrames: flagInt(args, 'moving-frames', { min: 2, max: 1000 }) } : {}),
    ...(synthDir !== undefined ? { synthetic: { dataDir: resolve(cwd, synthDir), fold: readFold(args, cwd), maxFrames: flagInt(args, 'max-frames', { min: 2, max: 100_000 }) } } : {}),
    seed: flagInt(args, 'seed', { min: 0, max: 2 ** 31 - 1, def: 1 })
  }
  if (gt.length === 0 && synthDir === undefined) throw new AppError('INVALID_ARGUMENT', 'nothing to evaluate: give --gt <dir> (and --moving) or --synthetic <dir> --folds <split.json>')
  return { trackers, suite, degrade: flagBool(args, 'degrade'), seed: suite.seed, save: args.flags.save !== false }
}

const pct = (v: number): string => (Number.isFinite(v) ? (100 * v).toFixed(2) : '—').padStart(8)
const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—').padStart(7)

/** One table: rows grouped by set / category, one row per tracker. */
export function formatTrackerTable(records: readonly LandmarkEvalRecord[]): string {
  const lines = [`source: ${records[0]?.source ?? '—'} (reduced reproduction, tiny data: small n, wide uncertainty)`]
  const w = Math.max(20, ...records.map((r) => r.label.length))
  lines.push(`${'set'.padEnd(22)} ${'cat'.padEnd(8)} ${'tracker'.padEnd(w)} ${'NME-box%'.padStart(8)} ${'NME-IO%'.padStart(8)} ${'AUCbox'.padStart(7)} ${'AUC-IO'.padStart(7)} ${'FRbox%'.padStart(8)} ${'FR-IO%'.padStart(8)} ${'n'.padStart(5)}`)
  const keys = [...new Set(records.flatMap((r) => r.sets.map((s) => `${s.name}\u0000${s.category ?? ''}`)))]
  for (const k of keys) {
    const [name, cat] = k.split('\u0000')
    for (const r of records) {
      const s = r.sets.find((x) => x.name === name && (x.category ?? '') === cat)
      if (!s) continue
      const m = s.summary
      lines.push(`${name.padEnd(22)} ${(cat || '-').padEnd(8)} ${r.label.padEnd(w)} ${pct(m.meanBox)} ${pct(m.meanIo)} ${f3(m.aucBox)} ${f3(m.aucIo)} ${pct(m.failureBox)} ${pct(m.failureIo)} ${String(s.count).padStart(5)}`)
    }
  }
  return lines.join('\n') + '\n'
}

export async function runEvalTrackers(args: ParsedArgs, ctx: CliContext): Promise<number> {
  const req = parseEvalTrackersArgs(args, ctx.cwd)
  const runtime = openCliRuntime(args, ctx)
  const watch = watchJobs(runtime.ctx.jobs, ctx, true)
  try {
    const out = await new Promise<{ records: LandmarkEvalRecord[]; end: import('../../../shared/domain').JobInfo }>((res, rej) => {
      try {
        const job = trackerEvalService(runtime.ctx).start(req, (records, end) => res({ records, end }))
        watch.follow(job.id)
      } catch (e) {
        rej(e)
      }
    })
    ctx.err('\n')
    if (out.end.state !== 'done') throw jobEndError(out.end, ['INVALID_ARGUMENT', 'NOT_FOUND', 'CONFLICT', 'MEDIA_UNREADABLE'], 'landmark evaluation')
    ctx.out(flagBool(args, 'json') ? JSON.stringify({ saved: req.save !== false, evaluations: out.records }, null, 2) + '\n' : formatTrackerTable(out.records))
    return 0
  } finally {
    watch.close()
    await runtime.close()
  }
}
