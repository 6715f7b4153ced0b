import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { runLandmarkEval, formatEvalTable } from '../../faces/eval-run'
import { getHumanDetector } from '../../faces/human-detector'
import { cedCsv } from '../../faces/landmark-eval'
import { flagBool, flagString } from '../args'
import type { CliCommand } from '../command'
import { EVAL_TRACKERS_USAGE, runEvalTrackers } from './eval-trackers'

export const evalLandmarksCommand: CliCommand = {
  name: 'eval-landmarks',
  summary: 'Evaluate 68-point landmarks against ground truth (.pts, COCO JSON, LJSON, dlib XML); --tracker compares trackers',
  usage: [
    'circumplex eval-landmarks --gt <dir> [--json] [--ced out.csv] [--mapping fitted|plain|both] [--no-refine]',
    '  NME by inter-ocular (outer eye corners 37/46) and by box sqrt(w*h), all 68 and inner 51 points;',
    '  AUC@0.08 and failure rate at 0.08; detector misses are listed apart.',
    '',
    EVAL_TRACKERS_USAGE
  ].join('\n'),
  async run(args, ctx) {
    if (args.flags.tracker !== undefined) return runEvalTrackers(args, ctx)
    const gt = flagString(args, 'gt') ?? args.positionals[0]
    if (gt === undefined) throw new AppError('INVALID_ARGUMENT', '--gt <dir> is required')
    const mappingFlag = flagString(args, 'mapping') ?? 'fitted'
    if (!['fitted', 'plain', 'both'].includes(mappingFlag)) throw new AppError('INVALID_ARGUMENT', '--mapping must be fitted, plain or both')
    const mappings = mappingFlag === 'both' ? (['plain', 'fitted'] as const) : ([mappingFlag as 'fitted' | 'plain'] as const)
    const det = await getHumanDetector()
    const run = await runLandmarkEval(det, resolve(ctx.cwd, gt), { mappings, noRefine: args.flags.refine === false })
    const sorted = [...run.imageMs].sort((a, b) => a - b)
    const timing = { images: sorted.length, meanMs: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length), medianMs: sorted[Math.floor(sorted.length / 2)] ?? NaN }
    const ced = flagString(args, 'ced')
    const main = run.reports.fitted ?? run.reports.plain
    if (main === undefined || main.items.length === 0) throw new AppError('NOT_FOUND', `${gt}: no 68-point ground truth found`)
    if (ced !== undefined) writeFileSync(resolve(ctx.cwd, ced), cedCsv(main))
    if (flagBool(args, 'json')) {
      ctx.out(JSON.stringify({ reports: run.reports, timing }, null, 2) + '\n')
      return 0
    }
    for (const m of mappings) {
      const r = run.reports[m]
      if (r) ctx.out(formatEvalTable(r, `mapping: ${m} (NME in %)`) + '\n')
    }
    ctx.out(`landmark time per image: mean ${timing.meanMs.toFixed(0)} ms, median ${timing.medianMs.toFixed(0)} ms (${timing.images} images)\n`)
    return 0
  }
}
