import { AppError } from '../../../shared/ipc/errors'
import { flagBool, flagString } from '../args'
import type { CliCommand } from '../command'
import { parseAffectCsv } from '../affect/affect-table'
import { assertKnownFlags, readTextFile, withBooleanFlags } from '../affect/cli-io'
import { LENGTH_MISMATCH_POLICIES, computeMetricsReport, formatMetricsReport, type LengthMismatchPolicy } from '../affect/metrics-report'
import { toJson } from '../affect/text-format'

export const metricsCommand: CliCommand = {
  name: 'metrics',
  summary: 'Prediction vs gold: CCC, PCC, RMSE, MAE, SAGR per dimension, pooled and per-sequence mean',
  usage: [
    'circumplex metrics --pred <csv> --gold <csv> [--json] [--by COLUMN] [--on-length-mismatch refuse|intersect] [--per-sequence]',
    '',
    '  --pred, --gold        Circumplex wide CSV (frame,time_s,valence,arousal,source,...) or frame,valence,arousal[,sequence]',
    '  --by COLUMN           column grouping frames into sequences (default: sequence, name or video if present)',
    '  --on-length-mismatch  refuse (default): frames in one file only are an error naming the counts;',
    '                        intersect: evaluate the shared frames and report how many were left out',
    '  --per-sequence        also print one row per sequence (always included with --json)',
    '  --json                print one JSON object (undefined metrics as null)',
    '',
    'Frames are joined on (sequence, frame). Every metric is given under both conventions, labelled:',
    '"pooled over all frames" and "mean of per-sequence values" (unweighted; undefined values skipped and counted).',
    'Empty cells are missing values, removed by pairwise deletion per dimension and counted.'
  ].join('\n'),
  async run(rawArgs, ctx) {
    const args = withBooleanFlags(rawArgs, ['json', 'per-sequence'])
    assertKnownFlags(args, ['json', 'pred', 'gold', 'by', 'on-length-mismatch', 'per-sequence'])
    if (args.positionals.length > 0) throw new AppError('INVALID_ARGUMENT', `unexpected argument(s): ${args.positionals.join(' ')} (use --pred and --gold)`)
    const predPath = flagString(args, 'pred')
    const goldPath = flagString(args, 'gold')
    if (predPath === undefined || goldPath === undefined) {
      throw new AppError('INVALID_ARGUMENT', `missing ${[predPath === undefined ? '--pred' : '', goldPath === undefined ? '--gold' : ''].filter(Boolean).join(' and ')}`)
    }
    const policy = flagString(args, 'on-length-mismatch') ?? 'refuse'
    if (!(LENGTH_MISMATCH_POLICIES as readonly string[]).includes(policy)) {
      throw new AppError('INVALID_ARGUMENT', `--on-length-mismatch must be refuse or intersect, got '${policy}'`)
    }
    const by = flagString(args, 'by')
    const pred = parseAffectCsv(await readTextFile(ctx.cwd, predPath, 'prediction'), { source: predPath, sequenceColumn: by })
    const gold = parseAffectCsv(await readTextFile(ctx.cwd, goldPath, 'gold'), { source: goldPath, sequenceColumn: by })
    const report = computeMetricsReport(pred, gold, policy as LengthMismatchPolicy)
    ctx.out(flagBool(args, 'json') ? toJson(report) : formatMetricsReport(report, { perSequence: flagBool(args, 'per-sequence') }))
    return 0
  }
}
