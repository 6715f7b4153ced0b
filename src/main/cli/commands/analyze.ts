/** `circumplex analyze` (ΔW^a, ΔW_G, T_ZG, gate shift of one run) and `circumplex compare` (Tables 7.5/7.6). */
import { formatModelTable, formatRunAnalysis, SEGMENT_MODES, SPREAD_DEFINITIONS, type FoldConvention, type IccKind, type SegmentMode, type SpreadDefinition } from '../../../core/analysis'
import { AppError } from '../../../shared/ipc/errors'
import { prepareDataDir, resolveDataDir } from '../../data-dir'
import { openDatabase } from '../../db/connection'
import { analyzeStoredRun, compareStoredRuns } from '../../services/training/analysis-service'
import type { AppContext } from '../../services/app-context'
import type { FrameSource } from '../../services/training/run-frames'
import { flagBool, flagString } from '../args'
import type { CliCommand, CliContext, ParsedArgs } from '../command'
import { assertKnownFlags } from '../affect/cli-io'

/** The store only (no job runner): analyses read traces, extras and run folders. */
function withStore<T>(args: ParsedArgs, ctx: CliContext, f: (app: AppContext) => T): T {
  const layout = prepareDataDir(resolveDataDir(flagString(args, 'data-dir'), ctx.env))
  const { db } = openDatabase(layout.dbFile)
  try {
    return f({ db, layout, env: ctx.env } as unknown as AppContext)
  } finally {
    db.close()
  }
}

const list = (s: string | undefined): string[] => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean)

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'ΔW^a / ΔW_G / T_ZG accuracy-gain tables and the gate shift of a run (thesis ch.7 Tables 7.3-7.4, 7.7-7.10)',
  usage: `circumplex analyze --run <id> [--source db|test] [--baseline <run>] [--compare <run,…>] [--mode above|at-most]
                  [--spread range|relative-range] [--json] [--data-dir DIR]
  Frames: --source db = the run's prediction traces in the store (circumplex infer), gold = each session's latest gold
  trace (circumplex import-dataset stores the labels as gold); --source test = the held-out predictions saved by
  sequence training in the run folder. Default: db when the run has traces, else test.
  ΔW^a (attention spread per frame; both segment modes unless --mode: the thesis text says "above", its table headers
  "≤"), with --baseline the -De counterpart's rows and GAIN (Tables 7.3/7.4). Gated runs (AVi-GaS): ΔW_G and T_ZG
  tables (ZG < T or > 1 − T) with --compare runs as rows against this run (Tables 7.7-7.10), and, where the synthetic
  manifest is known, mean ZG (weight on the visual branch) per condition (clean / video-degraded / audio-degraded /
  both) with Cohen's d and Cliff's δ against clean.`,
  async run(args, ctx) {
    assertKnownFlags(args, ['run', 'source', 'baseline', 'compare', 'mode', 'spread', 'json', 'data-dir'])
    const runId = flagString(args, 'run')
    if (!runId) throw new AppError('INVALID_ARGUMENT', '--run <id> is required')
    const source = flagString(args, 'source')
    if (source !== undefined && source !== 'db' && source !== 'test') throw new AppError('INVALID_ARGUMENT', `--source must be db or test, got '${source}'`)
    const mode = flagString(args, 'mode')
    if (mode !== undefined && !SEGMENT_MODES.includes(mode as SegmentMode)) throw new AppError('INVALID_ARGUMENT', `--mode must be ${SEGMENT_MODES.join(' or ')}`)
    const spread = flagString(args, 'spread')
    if (spread !== undefined && !SPREAD_DEFINITIONS.includes(spread as SpreadDefinition)) throw new AppError('INVALID_ARGUMENT', `--spread must be ${SPREAD_DEFINITIONS.join(' or ')}`)
    const r = withStore(args, ctx, (app) =>
      analyzeStoredRun(app, runId, {
        source: source as FrameSource | undefined,
        baseline: flagString(args, 'baseline'),
        compare: list(flagString(args, 'compare')),
        ...(mode ? { modes: [mode as SegmentMode] } : {}),
        ...(spread ? { spread: spread as SpreadDefinition } : {})
      })
    )
    if (flagBool(args, 'json')) ctx.out(JSON.stringify(r, null, 2) + '\n')
    else ctx.out(`frames: ${r.frames} from ${r.units.length} ${r.source === 'db' ? 'sessions (store)' : 'held-out clips (run folder)'}\n\n${formatRunAnalysis(r.analysis)}\n`)
    return 0
  }
}

export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'Model table (RMSE, COR, CCC, ICC for V, A, mean; thesis Tables 7.5/7.6) of runs on the same folds',
  usage: `circumplex compare <run> <run> … [--convention per-fold-mean|pooled] [--icc paper|ICC(A,1)|ICC(C,1)] [--json] [--data-dir DIR]
  One row per model; runs of one model on several folds are that model's folds. Uses each run's held-out (test-subject)
  predictions saved by sequence training, on identical frames (a frame counts only where every model predicted it).
  Runs evaluated on different folds, clips or labels are refused (CONFLICT), as are two runs of one model on one fold.`,
  async run(args, ctx) {
    assertKnownFlags(args, ['convention', 'icc', 'json', 'data-dir'])
    if (args.positionals.length === 0) throw new AppError('INVALID_ARGUMENT', 'name the runs to compare')
    const convention = flagString(args, 'convention') as FoldConvention | undefined
    const icc = flagString(args, 'icc') as IccKind | undefined
    if (icc !== undefined && !['paper', 'ICC(A,1)', 'ICC(C,1)'].includes(icc)) throw new AppError('INVALID_ARGUMENT', `--icc must be paper, ICC(A,1) or ICC(C,1)`)
    const t = withStore(args, ctx, (app) => compareStoredRuns(app, args.positionals, { ...(convention ? { convention } : {}), ...(icc ? { icc } : {}) }))
    ctx.out(flagBool(args, 'json') ? JSON.stringify(t, null, 2) + '\n' : formatModelTable(t) + '\n')
    return 0
  }
}
