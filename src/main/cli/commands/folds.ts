import { writeFile } from 'node:fs/promises'
import { AppError } from '../../../shared/ipc/errors'
import { foldSessionCounts, leaveOneSubjectOut, serialiseSplitFile, subjectKFold, type SplitFile } from '../../../core/folds'
import type { ValidationOptions } from '../../../core/folds'
import { flagBool, flagInt, flagString } from '../args'
import type { CliCommand, CliContext, ParsedArgs } from '../command'
import { assertKnownFlags, readTextFile, resolvePath, withBooleanFlags } from '../affect/cli-io'
import { checkSplit, describeLeaks, parseSplitShape, parseSubjectList } from '../affect/split-check'
import { parseSubjectsFile, type SubjectSessions } from '../affect/subjects-file'
import { alignTable, toJson } from '../affect/text-format'

const USAGE = [
  'circumplex folds make --subjects <subjects.json|csv> (--k 5 | --loso) [--seed 1] [--val N|FRACTION] [--out split.json] [--json]',
  'circumplex folds check (--split split.json [--subjects FILE] | --train-subjects a,b --eval-subjects c,d) [--train-subjects a,b] [--eval-subjects c,d] [--json]',
  '',
  'make    subject-grouped folds: sessions of one subject always stay together. The subjects file maps',
  '        session → subject (JSON {"sess": "subj"} or [{session, subject}], JSON {"subj": ["sess", ...]},',
  '        or a CSV with session and subject columns). --k folds balanced by session count (or --loso, one',
  '        fold per subject); --val carves N validation subjects (or a fraction < 1) from each fold\'s training',
  '        subjects; --seed makes it reproducible (default 1). Writes the split file to --out (else stdout).',
  'check   exits 1 with SUBJECT_LEAKAGE naming every leaked subject when a subject is in train and test, or',
  '        val and test, of any fold; when a --train-subjects subject (already trained on, e.g. a pretrained',
  '        model) is tested; or when an --eval-subjects subject (a held-out set) is in train or val of any fold.',
  '        With --subjects, every subject of the split must be in that file.'
].join('\n')

function parseVal(value: string | undefined): ValidationOptions {
  if (value === undefined) return {}
  if (/^\d+$/.test(value)) return { count: Number(value) }
  if (/^0?\.\d+$/.test(value)) return { fraction: Number(value) }
  throw new AppError('INVALID_ARGUMENT', `--val must be a number of subjects (e.g. 1) or a fraction in (0, 1) (e.g. 0.2), got '${value}'`)
}

async function readSubjects(ctx: CliContext, path: string): Promise<SubjectSessions> {
  return parseSubjectsFile(await readTextFile(ctx.cwd, path, 'subjects'), path)
}

async function make(args: ParsedArgs, ctx: CliContext): Promise<number> {
  assertKnownFlags(args, ['subjects', 'k', 'loso', 'seed', 'val', 'out', 'json'])
  const subjectsPath = flagString(args, 'subjects')
  if (subjectsPath === undefined) throw new AppError('INVALID_ARGUMENT', 'folds make needs --subjects <file> (session → subject)')
  const loso = flagBool(args, 'loso')
  const k = flagInt(args, 'k', { min: 2 })
  if (loso === (k !== undefined)) throw new AppError('INVALID_ARGUMENT', 'folds make needs exactly one of --k N (subject k-fold) and --loso')
  const seed = flagInt(args, 'seed', { min: 0, def: 1 }) ?? 1
  const validation = parseVal(flagString(args, 'val'))
  const sessions = await readSubjects(ctx, subjectsPath)
  const split: SplitFile = loso ? leaveOneSubjectOut(sessions, { seed, validation }) : subjectKFold(sessions, { k: k ?? 0, seed, validation })
  const text = serialiseSplitFile(split)
  const out = flagString(args, 'out')
  if (out === undefined) {
    ctx.out(text)
    return 0
  }
  try {
    await writeFile(resolvePath(ctx.cwd, out), text)
  } catch (e) {
    throw new AppError('INVALID_ARGUMENT', `cannot write ${out}: ${(e as Error).message}`, { cause: e })
  }
  const folds = split.folds.map((f) => ({
    name: f.name,
    subjects: { train: f.train.length, val: f.val.length, test: f.test.length },
    sessions: foldSessionCounts(f, sessions),
    test: f.test
  }))
  if (flagBool(args, 'json')) {
    ctx.out(toJson({ out, kind: split.kind, seed: split.seed, subjects: sessions.size, sessions: [...sessions.values()].reduce((s, l) => s + l.length, 0), folds }))
    return 0
  }
  const nSessions = [...sessions.values()].reduce((s, l) => s + l.length, 0)
  const lines = [
    `Wrote ${out}: ${split.folds.length} ${split.kind} folds (seed ${split.seed ?? 'none'}) over ${sessions.size} subjects, ${nSessions} sessions`,
    ...alignTable([
      ['fold', 'train', 'val', 'test', 'test sessions', 'test subjects'],
      ...folds.map((f) => [
        f.name,
        String(f.subjects.train),
        String(f.subjects.val),
        String(f.subjects.test),
        String(f.sessions.test),
        f.test.join(' ')
      ])
    ], ['left', 'right', 'right', 'right', 'right', 'left']).map((l) => `  ${l}`),
    '  (train/val/test: subject counts)'
  ]
  ctx.out(`${lines.join('\n')}\n`)
  return 0
}

async function check(args: ParsedArgs, ctx: CliContext): Promise<number> {
  assertKnownFlags(args, ['split', 'subjects', 'train-subjects', 'eval-subjects', 'json'])
  const splitPath = flagString(args, 'split')
  const trainArg = flagString(args, 'train-subjects')
  const evalArg = flagString(args, 'eval-subjects')
  const trainSubjects = trainArg === undefined ? undefined : parseSubjectList(trainArg, 'train-subjects')
  const evalSubjects = evalArg === undefined ? undefined : parseSubjectList(evalArg, 'eval-subjects')
  const json = flagBool(args, 'json')
  if (splitPath === undefined) {
    if (trainSubjects === undefined || evalSubjects === undefined) {
      throw new AppError('INVALID_ARGUMENT', 'folds check needs --split <file>, or both --train-subjects and --eval-subjects')
    }
    const between = { fold: null, between: '--train-subjects/--eval-subjects', subjects: [...new Set(trainSubjects.filter((s) => evalSubjects.includes(s)))].sort() }
    if (between.subjects.length > 0) throw new AppError('SUBJECT_LEAKAGE', describeLeaks([between]))
    ctx.out(json ? toJson({ ok: true, checks: [between.between], leaks: [] }) : `OK: none of the ${evalSubjects.length} evaluation subject(s) is among the ${trainSubjects.length} training subject(s)\n`)
    return 0
  }
  const split = parseSplitShape(await readTextFile(ctx.cwd, splitPath, 'split'))
  const subjectsPath = flagString(args, 'subjects')
  const known = subjectsPath === undefined ? undefined : new Set((await readSubjects(ctx, subjectsPath)).keys())
  const report = checkSplit(split, { trainSubjects, evalSubjects, knownSubjects: known })
  if (report.leaks.length > 0) throw new AppError('SUBJECT_LEAKAGE', `${splitPath}: ${describeLeaks(report.leaks)}`)
  if (json) {
    ctx.out(toJson({ ok: true, split: splitPath, ...report }))
    return 0
  }
  const lines = [
    `OK: ${splitPath}: ${report.folds.length} ${report.kind} fold(s), ${report.subjects} subjects — no subject leakage`,
    `  checked: ${report.checks.join(', ')}`,
    ...alignTable([['fold', 'train', 'val', 'test'], ...report.folds.map((f) => [f.name, String(f.train), String(f.val), String(f.test)])]).map((l) => `  ${l}`)
  ]
  if (report.neverTested.length > 0) lines.push(`  note: ${report.neverTested.length} subject(s) never tested: ${report.neverTested.join(', ')}`)
  if (report.testedTwice.length > 0) lines.push(`  note: ${report.testedTwice.length} subject(s) tested in more than one fold: ${report.testedTwice.join(', ')}`)
  ctx.out(`${lines.join('\n')}\n`)
  return 0
}

export const foldsCommand: CliCommand = {
  name: 'folds',
  summary: 'Make subject-grouped evaluation folds, or check a split file for subject leakage',
  usage: USAGE,
  async run(rawArgs, ctx) {
    const args = withBooleanFlags(rawArgs, ['json', 'loso'])
    const [sub, ...rest] = args.positionals
    if (rest.length > 0) throw new AppError('INVALID_ARGUMENT', `unexpected argument(s): ${rest.join(' ')}`)
    if (sub === 'make') return make(args, ctx)
    if (sub === 'check') return check(args, ctx)
    throw new AppError('INVALID_ARGUMENT', sub === undefined ? 'folds needs a subcommand: make or check' : `unknown folds subcommand '${sub}' (make or check)`)
  }
}
