/**
 * `circumplex runs`: the run registry from the command line — list (with a tag filter), tag, compare (thesis Tables
 * 7.5/7.6 layout; the CSV is byte-identical to the Compare page's export) and diff two configs. Reads and writes
 * the store only (no job runner, no engine).
 */
import { writeFile } from 'node:fs/promises'
import { compareCsv, formatComparison, formatConfigDiff, formatDuration, normalizeTag } from '../../../core/compare'
import { AppError } from '../../../shared/ipc/errors'
import { prepareDataDir, resolveDataDir } from '../../data-dir'
import { openDatabase } from '../../db/connection'
import type { AppContext } from '../../services/app-context'
import { compareService } from '../../services/runs/compare-service'
import { runsService } from '../../services/runs/runs-service'
import { flagBool, flagString } from '../args'
import type { CliCommand, CliContext, ParsedArgs } from '../command'
import { assertKnownFlags, resolvePath, withBooleanFlags } from '../affect/cli-io'
import { alignTable, toJson } from '../affect/text-format'

const USAGE = [
  'circumplex runs list [--tag TAG] [--json] [--data-dir DIR]',
  'circumplex runs tag <runId> <tag…> [--remove] [--data-dir DIR]',
  'circumplex runs compare <runId> <runId…> [--csv FILE] [--json] [--data-dir DIR]',
  'circumplex runs diff <runA> <runB> [--json] [--data-dir DIR]',
  '',
  'list     every run: model, preset, fold, status, backend, time, best validation CCC, tags (--tag: only those).',
  'tag      adds tags to a run (--remove: takes them off). Tags are trimmed and lower-cased, 1-50 characters.',
  'compare  2-20 runs side by side in the layout of thesis Tables 7.5/7.6 (RMSE ↓, COR ↑, CCC ↑, ICC ↑ for VAL, ARO,',
  '         AVG). Runs of one configuration over several folds are one row (mean ± sd over folds, each fold listed).',
  '         Each run counts with its test split, else its best validation epoch. --csv writes the table as CSV, the',
  '         same bytes as "Export CSV" on the Compare page.',
  'diff     the config values that differ between two runs (nested paths such as gmu.mode), and whether their',
  '         data hash and code version differ.'
].join('\n')

/** The store only: these commands read and write rows, nothing runs. */
function withStore<T>(args: ParsedArgs, ctx: CliContext, f: (app: AppContext) => Promise<T> | T): Promise<T> {
  const layout = prepareDataDir(resolveDataDir(flagString(args, 'data-dir'), ctx.env))
  const { db } = openDatabase(layout.dbFile)
  // runsService only reads the store (and a running run's folder); no job runner or engine is started.
  return Promise.resolve()
    .then(() => f({ db, layout, env: ctx.env } as unknown as AppContext))
    .finally(() => db.close())
}

function noExtra(rest: readonly string[]): void {
  if (rest.length > 0) throw new AppError('INVALID_ARGUMENT', `unexpected argument(s): ${rest.join(' ')}`)
}

async function list(args: ParsedArgs, ctx: CliContext, rest: readonly string[]): Promise<number> {
  assertKnownFlags(args, ['tag', 'json', 'data-dir'])
  noExtra(rest)
  const tagArg = flagString(args, 'tag')
  const tag = tagArg === undefined ? undefined : normalizeTag(tagArg)
  const runs = await withStore(args, ctx, (app) => runsService(app).list())
  const shown = tag === undefined ? runs : runs.filter((r) => r.tags.includes(tag))
  if (flagBool(args, 'json')) {
    ctx.out(toJson(shown))
    return 0
  }
  if (shown.length === 0) {
    ctx.out(tag === undefined ? 'No runs yet (circumplex train … starts one).\n' : `No run is tagged "${tag}".\n`)
    return 0
  }
  const rows = [
    ['run', 'model', 'preset', 'fold', 'status', 'backend', 'time', 'best val CCC', 'tags'],
    ...shown.map((r) => [
      r.id,
      r.model,
      r.preset,
      r.fold ?? '–',
      r.stopReason === 'paused' ? 'paused' : r.status,
      r.backend ?? '–',
      formatDuration(r.wallS),
      r.best ? `${r.best.cccMean.toFixed(3)} (ep ${r.best.epoch})` : '–',
      r.tags.join(', ')
    ])
  ]
  ctx.out(`${alignTable(rows, ['left', 'left', 'left', 'left', 'left', 'left', 'right', 'right', 'left']).join('\n')}\n`)
  return 0
}

async function tag(args: ParsedArgs, ctx: CliContext, rest: readonly string[]): Promise<number> {
  assertKnownFlags(args, ['remove', 'data-dir'])
  const [runId, ...tags] = rest
  if (runId === undefined || tags.length === 0) throw new AppError('INVALID_ARGUMENT', 'runs tag needs a run id and at least one tag')
  const mode = flagBool(args, 'remove') ? 'remove' : 'add'
  const r = await withStore(args, ctx, (app) => compareService(app.db).editTags(runId, tags, mode))
  for (const m of r.missing) ctx.err(`note: run ${runId} had no tag "${m}"\n`)
  ctx.out(`${runId}: ${r.tags.length === 0 ? '(no tags)' : r.tags.join(', ')}\n`)
  return 0
}

async function compare(args: ParsedArgs, ctx: CliContext, ids: readonly string[]): Promise<number> {
  assertKnownFlags(args, ['csv', 'json', 'data-dir'])
  if (ids.length < 2) throw new AppError('INVALID_ARGUMENT', 'runs compare needs at least two run ids')
  if (ids.length > 20) throw new AppError('INVALID_ARGUMENT', 'runs compare takes at most 20 runs')
  const result = await withStore(args, ctx, (app) => compareService(app.db).compare(ids))
  const csv = flagString(args, 'csv')
  if (csv !== undefined) {
    try {
      await writeFile(resolvePath(ctx.cwd, csv), compareCsv(result))
    } catch (e) {
      throw new AppError('INVALID_ARGUMENT', `cannot write ${csv}: ${(e as Error).message}`, { cause: e })
    }
  }
  if (flagBool(args, 'json')) ctx.out(toJson(result))
  else ctx.out(`${formatComparison(result)}\n${csv === undefined ? '' : `\nWrote ${csv}\n`}`)
  return 0
}

async function diff(args: ParsedArgs, ctx: CliContext, rest: readonly string[]): Promise<number> {
  assertKnownFlags(args, ['json', 'data-dir'])
  const [a, b, ...more] = rest
  if (a === undefined || b === undefined) throw new AppError('INVALID_ARGUMENT', 'runs diff needs two run ids')
  noExtra(more)
  const d = await withStore(args, ctx, (app) => compareService(app.db).configDiff(a, b))
  ctx.out(flagBool(args, 'json') ? toJson(d) : `${formatConfigDiff(d)}\n`)
  return 0
}

export const runsCommand: CliCommand = {
  name: 'runs',
  summary: 'The run registry: list and tag runs, compare them (thesis Tables 7.5/7.6, CSV), diff two configs',
  usage: USAGE,
  async run(rawArgs, ctx) {
    const args = withBooleanFlags(rawArgs, ['json', 'remove'])
    const [sub, ...rest] = args.positionals
    if (sub === 'list') return list(args, ctx, rest)
    if (sub === 'tag') return tag(args, ctx, rest)
    if (sub === 'compare') return compare(args, ctx, rest)
    if (sub === 'diff') return diff(args, ctx, rest)
    throw new AppError('INVALID_ARGUMENT', sub === undefined ? 'runs needs a subcommand: list, tag, compare or diff' : `unknown runs subcommand '${sub}' (list, tag, compare or diff)`)
  }
}
