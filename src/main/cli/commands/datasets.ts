/** `circumplex datasets`: the Train page's dataset registry from the command line (same service, same store). */
import { writeFile } from 'node:fs/promises'
import { parseSplitFile, serialiseSplitFile, type SplitFile } from '../../../core/folds'
import { DATASET_FORMATS, type DatasetDetail, type DatasetJobStart, type SessionTraceSource, type VaHistogram } from '../../../shared/datasets'
import { AppError } from '../../../shared/ipc/errors'
import type { AppContext } from '../../services/app-context'
import { datasetsService } from '../../services/datasets/datasets-service'
import { flagBool, flagString } from '../args'
import type { CliCommand, CliContext, ParsedArgs } from '../command'
import { openCliRuntime } from '../cli-runtime'
import { assertKnownFlags, readTextFile, resolvePath } from '../affect/cli-io'
import { alignTable, toJson } from '../affect/text-format'

const USAGE = `circumplex datasets list [--json]
circumplex datasets register <dir> --format ${DATASET_FORMATS.join('|')} [--name N] [--json]
circumplex datasets show <id> [--json]
circumplex datasets folds <id> [--out split.json | --save split.json] [--json]
circumplex datasets from-sessions --name N --sessions ID,ID,… (--gold | --annotator ID) [--subjects map.json] [--json]
circumplex datasets check <id> [--json]
circumplex datasets remove <id> [--json]
  (every subcommand takes --data-dir DIR: the app's data directory)

register       reads a dataset folder (circumplex synth layout: manifest.json or subjects.json, videos/, afew-va/,
               sewa/, aff-wild2/), checks each clip's label length against its video, and stores its summary, its
               data hash and default subject-grouped folds (k = min(5, subjects), seed 1, a fifth for validation).
show           subjects, clips, label coverage and the valence-arousal histogram.
folds          prints the saved folds as a split file (or writes it with --out); --save replaces them with a split
               file (every subject of the dataset in exactly one of train/val/test of every fold).
from-sessions  writes <data dir>/datasets/<id>/ from annotated sessions (the face track's landmarks, the gold or one
               annotator's trace; subject = session name unless --subjects maps {sessionId: subject}) and registers it.
check          re-hashes the folder: exit 0 when unchanged, 1 when it changed since registration.
remove         forgets the registration and its folds; the folder is never deleted.`

const SUBCOMMANDS = ['list', 'register', 'show', 'folds', 'from-sessions', 'check', 'remove']

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`

function positional(args: ParsedArgs, what: string): string {
  const v = args.positionals[1]
  if (!v) throw new AppError('INVALID_ARGUMENT', `datasets ${args.positionals[0]} needs ${what}`)
  if (args.positionals.length > 2) throw new AppError('INVALID_ARGUMENT', `unexpected argument "${args.positionals[2]}"`)
  return v
}

/** The histogram as text: arousal up, valence right, darker characters for more frames. */
export function histogramText(h: VaHistogram): string[] {
  const ramp = ' .:-=+*#%@'
  const rows: string[] = []
  for (let a = h.bins - 1; a >= 0; a--) {
    let line = ''
    for (let v = 0; v < h.bins; v++) {
      const c = h.counts[a * h.bins + v]
      line += c === 0 ? '·' : ramp[Math.max(1, Math.ceil((c / Math.max(1, h.max)) * (ramp.length - 1)))]
    }
    rows.push(`${a === h.bins - 1 ? 'A+' : a === 0 ? 'A−' : '  '} |${line}|`)
  }
  rows.push(`    V−${' '.repeat(Math.max(0, h.bins - 4))}V+   (${h.total} labelled frames, densest bin ${h.max})`)
  return rows
}

function showText(d: DatasetDetail): string {
  const x = d.dataset
  const lines = [
    `${x.name} (${x.id})  ${x.format}, ${x.source === 'sessions' ? 'built from sessions' : 'folder'}: ${x.path}`,
    `  ${x.subjects} subjects, ${x.clips} clips, ${x.frames} frames, ${pct(x.coverage)} labelled; data hash ${x.dataHash.slice(0, 16)}…; lengths checked by ${d.summary.frameCheck}`,
    '',
    ...alignTable([
      ['subject', 'clips', 'frames', 'labelled', 'mean V', 'mean A'],
      ...d.summary.subjects.map((s) => [s.subjectId, String(s.clipIds.length), String(s.frames), pct(s.frames ? s.labelled / s.frames : 0), s.meanValence?.toFixed(3) ?? '–', s.meanArousal?.toFixed(3) ?? '–'])
    ]).map((l) => `  ${l}`),
    '',
    ...histogramText(d.summary.histogram).map((l) => `  ${l}`),
    '',
    `  folds: ${d.folds.folds.length} (${d.folds.kind}${d.folds.seed !== null ? `, seed ${d.folds.seed}` : ''})`,
    ...d.summary.warnings.map((w) => `  warning: ${w}`)
  ]
  return `${lines.join('\n')}\n`
}

function splitFileOf(d: DatasetDetail): SplitFile {
  if (d.folds.folds.length === 0) throw new AppError('NOT_FOUND', `${d.dataset.id} has no folds (a subject-grouped split needs at least two subjects)`)
  return { version: 1, kind: d.folds.kind, seed: d.folds.seed, folds: d.folds.folds }
}

async function waitForJob(ctx: AppContext, io: CliContext, start: DatasetJobStart): Promise<void> {
  const onSignal = () => ctx.jobs.cancel(start.job.id)
  process.once('SIGINT', onSignal)
  const off = ctx.jobs.on((j) => {
    if (j.id === start.job.id && j.state === 'running' && j.total > 0) io.err(`\rdatasets: ${j.label}: ${j.done}/${j.total}`)
  })
  try {
    const end = await ctx.jobs.wait(start.job.id)
    io.err('\n')
    if (end.state === 'cancelled') throw new AppError('CANCELLED', `${start.job.label} was cancelled`)
    if (end.state !== 'done') throw new AppError((end.error?.code as AppError['code']) ?? 'JOB_FAILED', end.error?.message ?? end.state)
  } finally {
    off()
    process.removeListener('SIGINT', onSignal)
  }
}

function sourceOf(args: ParsedArgs): SessionTraceSource {
  const annotator = flagString(args, 'annotator')
  const gold = flagBool(args, 'gold')
  if (gold === (annotator !== undefined)) throw new AppError('INVALID_ARGUMENT', 'datasets from-sessions needs exactly one of --gold and --annotator ID')
  return annotator ? { kind: 'annotator', annotatorId: annotator } : { kind: 'gold' }
}

async function subjectsOf(args: ParsedArgs, io: CliContext): Promise<Record<string, string> | undefined> {
  const file = flagString(args, 'subjects')
  if (!file) return undefined
  let map: unknown
  try {
    map = JSON.parse(await readTextFile(io.cwd, file, 'subjects'))
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('PARSE_ERROR', `${file}: not valid JSON (${(e as Error).message})`)
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map) || !Object.values(map).every((v) => typeof v === 'string')) {
    throw new AppError('PARSE_ERROR', `${file}: expected {"<sessionId>": "<subject>", …}`)
  }
  return map as Record<string, string>
}

/** Runs a subcommand against an app context (the command opens the store; tests pass their own). */
export async function runDatasets(args: ParsedArgs, io: CliContext, ctx: AppContext): Promise<number> {
  const sub = args.positionals[0]
  const json = flagBool(args, 'json')
  const s = datasetsService(ctx)
  const print = (data: unknown, text: string) => io.out(json ? toJson(data) : text)
  switch (sub) {
    case 'list': {
      assertKnownFlags(args, ['json', 'data-dir'])
      const list = s.list()
      const rows = list.map((d) => [d.id, d.name, d.format, d.source, String(d.subjects), String(d.clips), String(d.frames), pct(d.coverage), String(d.folds)])
      print(list, list.length === 0 ? 'no datasets registered (circumplex datasets register <dir> --format F)\n' : `${alignTable([['id', 'name', 'format', 'source', 'subjects', 'clips', 'frames', 'labelled', 'folds'], ...rows], ['left', 'left', 'left', 'left']).join('\n')}\n`)
      return 0
    }
    case 'register': {
      assertKnownFlags(args, ['format', 'name', 'json', 'data-dir'])
      const dir = resolvePath(io.cwd, positional(args, 'a dataset folder'))
      const format = flagString(args, 'format')
      if (!format) throw new AppError('INVALID_ARGUMENT', `datasets register needs --format ${DATASET_FORMATS.join('|')}`)
      const start = s.register(dir, format, flagString(args, 'name'))
      await waitForJob(ctx, io, start)
      const d = s.get(start.datasetId)
      print(d, showText(d))
      return 0
    }
    case 'show': {
      assertKnownFlags(args, ['json', 'data-dir'])
      const d = s.get(positional(args, 'a dataset id'))
      print(d, showText(d))
      return 0
    }
    case 'folds': {
      assertKnownFlags(args, ['out', 'save', 'json', 'data-dir'])
      const id = positional(args, 'a dataset id')
      const save = flagString(args, 'save')
      const out = flagString(args, 'out')
      if (save && out) throw new AppError('INVALID_ARGUMENT', 'datasets folds takes --out or --save, not both')
      let d = s.get(id)
      if (save) {
        const file = parseSplitFile(await readTextFile(io.cwd, save, 'split'))
        d = s.saveFolds(id, file.folds, file.kind === 'subject-kfold' ? file.seed : null)
        print(d.folds, `saved ${d.folds.folds.length} fold(s) (${d.folds.kind}) to ${d.dataset.name} (${id})\n`)
        return 0
      }
      const text = serialiseSplitFile(splitFileOf(d))
      if (out) {
        await writeFile(resolvePath(io.cwd, out), text)
        print(d.folds, `wrote ${d.folds.folds.length} fold(s) to ${out}\n`)
      } else io.out(text)
      return 0
    }
    case 'from-sessions': {
      assertKnownFlags(args, ['name', 'sessions', 'gold', 'annotator', 'subjects', 'json', 'data-dir'])
      if (args.positionals.length > 1) throw new AppError('INVALID_ARGUMENT', `unexpected argument "${args.positionals[1]}"`)
      const name = flagString(args, 'name')
      if (!name) throw new AppError('INVALID_ARGUMENT', 'datasets from-sessions needs --name N')
      const sessionIds = (flagString(args, 'sessions') ?? '').split(',').map((x) => x.trim()).filter(Boolean)
      if (sessionIds.length === 0) throw new AppError('INVALID_ARGUMENT', 'datasets from-sessions needs --sessions ID,ID,…')
      const start = s.fromSessions({ name, sessionIds, source: sourceOf(args), subjects: await subjectsOf(args, io) })
      await waitForJob(ctx, io, start)
      const d = s.get(start.datasetId)
      print(d, showText(d))
      return 0
    }
    case 'check': {
      assertKnownFlags(args, ['json', 'data-dir'])
      const r = await s.check(positional(args, 'a dataset id'))
      print(r, r.same ? `unchanged: data hash ${r.currentHash}\n` : `CHANGED: ${r.message}\n`)
      return r.same ? 0 : 1
    }
    case 'remove': {
      assertKnownFlags(args, ['json', 'data-dir'])
      const r = s.remove(positional(args, 'a dataset id'))
      print(r, `removed the registration ${r.datasetId}; the folder ${r.path} is left as it is\n`)
      return 0
    }
    default:
      throw new AppError('INVALID_ARGUMENT', sub ? `unknown subcommand "${sub}"\n${USAGE}` : `datasets needs a subcommand\n${USAGE}`)
  }
}

export const datasetsCommand: CliCommand = {
  name: 'datasets',
  summary: 'Register dataset folders (or build one from sessions), show subjects/coverage/V-A histogram, edit folds',
  usage: USAGE,
  async run(args, io) {
    const sub = args.positionals[0]
    if (!sub || !SUBCOMMANDS.includes(sub)) throw new AppError('INVALID_ARGUMENT', sub ? `unknown subcommand "${sub}"\n${USAGE}` : `datasets needs a subcommand\n${USAGE}`)
    if (sub === 'register') {
      const format = flagString(args, 'format')
      if (format && !(DATASET_FORMATS as readonly string[]).includes(format)) throw new AppError('INVALID_ARGUMENT', `--format must be one of ${DATASET_FORMATS.join(', ')}`)
    }
    const runtime = openCliRuntime(args, io)
    try {
      return await runDatasets(args, io, runtime.ctx)
    } finally {
      await runtime.close()
    }
  }
}
