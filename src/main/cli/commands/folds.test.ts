import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseSplitFile } from '../../../core/folds'
import { runCommand, tempFiles } from '../affect/test-harness'
import { foldsCommand } from './folds'

// 10 subjects, 1–3 sessions each (session → subject)
const sessionToSubject: Record<string, string> = {}
for (let s = 1; s <= 10; s++) {
  for (let j = 1; j <= 1 + (s % 3); j++) sessionToSubject[`s${String(s).padStart(2, '0')}-rec${j}`] = `s${String(s).padStart(2, '0')}`
}
const csv = `session,subject,notes\n${Object.entries(sessionToSubject).map(([sess, subj]) => `${sess},${subj},x`).join('\n')}\n`

const leaky = {
  version: 1,
  kind: 'custom',
  seed: null,
  folds: [
    { name: 'a', train: ['s01', 's02', 's03'], val: ['s04'], test: ['s03', 's05'] },
    { name: 'b', train: ['s03', 's05'], val: ['s01'], test: ['s01', 's02'] }
  ]
}
const clean = {
  version: 1,
  kind: 'custom',
  seed: null,
  folds: [
    { name: 'a', train: ['s01', 's02'], val: ['s04'], test: ['s03', 's05'] },
    { name: 'b', train: ['s03', 's05'], val: ['s04'], test: ['s01', 's02'] }
  ]
}

const files = tempFiles({
  'subjects.json': JSON.stringify(sessionToSubject),
  'subjects.csv': csv,
  'by-subject.json': JSON.stringify({ alice: ['r1', 'r2'], bob: ['r3'], carol: ['r4'] }),
  'conflict.csv': 'session,subject\nr1,alice\nr2,bob\nr1,bob\n',
  'leaky.json': JSON.stringify(leaky),
  'clean.json': JSON.stringify(clean),
  'broken.json': '{"version": 1, "kind": "custom", "seed": null, "folds": [{"name": "a", "train": [], "test": ["x"]}]}'
})
afterAll(files.cleanup)

const run = (argv: string[]): ReturnType<typeof runCommand> => runCommand(foldsCommand, argv, files.dir)

describe('circumplex folds make', () => {
  it('writes a subject-grouped 5-fold split with one validation subject per fold, reproducible by seed', async () => {
    const r = await run(['make', '--subjects', 'subjects.json', '--k', '5', '--seed', '1', '--val', '1', '--out', 'split.json'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^Wrote split\.json: 5 subject-kfold folds \(seed 1\) over 10 subjects, 20 sessions\n/)
    const split = parseSplitFile(readFileSync(join(files.dir, 'split.json'), 'utf8'))
    expect(split.folds).toHaveLength(5)
    const tested = split.folds.flatMap((f) => f.test).sort()
    expect(tested).toEqual(['s01', 's02', 's03', 's04', 's05', 's06', 's07', 's08', 's09', 's10'])
    for (const f of split.folds) {
      expect(f.val).toHaveLength(1)
      expect(f.train.length + f.val.length + f.test.length).toBe(10)
    }
    // the CSV form of the same mapping gives the identical file
    await run(['make', '--subjects', 'subjects.csv', '--k', '5', '--seed', '1', '--val', '1', '--out', 'split-csv.json'])
    expect(readFileSync(join(files.dir, 'split-csv.json'), 'utf8')).toBe(readFileSync(join(files.dir, 'split.json'), 'utf8'))
    // and the fresh split checks clean
    const c = await run(['check', '--split', 'split.json', '--subjects', 'subjects.csv'])
    expect(c.code).toBe(0)
    expect(c.out).toMatch(/^OK: split\.json: 5 subject-kfold fold\(s\), 10 subjects — no subject leakage\n/)
  })

  it('--json summary; --loso; subject → sessions JSON; split on stdout without --out', async () => {
    const j = await run(['make', '--json', '--subjects', 'subjects.json', '--k', '2', '--out', 'two.json'])
    const summary = JSON.parse(j.out) as { folds: { sessions: { test: number } }[]; seed: number }
    expect(summary.seed).toBe(1)
    expect(summary.folds.map((f) => f.sessions.test).reduce((a, b) => a + b, 0)).toBe(20)
    const l = await run(['make', '--subjects', 'by-subject.json', '--loso'])
    expect(l.code).toBe(0)
    const split = parseSplitFile(l.out)
    expect(split.kind).toBe('loso')
    expect(split.folds.map((f) => f.name)).toEqual(['loso-alice', 'loso-bob', 'loso-carol'])
  })

  const bad: [string, string[], number, RegExp][] = [
    ['k > subjects', ['make', '--subjects', 'by-subject.json', '--k', '5'], 2, /cannot make 5 subject-grouped folds from 3 subject\(s\)/],
    ['no k', ['make', '--subjects', 'by-subject.json'], 2, /exactly one of --k N .* and --loso/],
    ['conflicting session', ['make', '--subjects', 'conflict.csv', '--k', '2'], 1, /PARSE_ERROR: conflict\.csv: line 4: session 'r1' is mapped to subject 'bob' but also to 'alice' \(line 2\)/],
    ['bad --val', ['make', '--subjects', 'by-subject.json', '--k', '2', '--val', 'x'], 2, /--val must be/],
    ['no subcommand', [], 2, /folds needs a subcommand: make or check/]
  ]
  it.each(bad)('%s → error', async (_n, argv, code, re) => {
    const r = await run(argv)
    expect(r.code).toBe(code)
    expect(r.err).toMatch(re)
  })
})

describe('circumplex folds check', () => {
  it('clean split: exit 0, names the checks', async () => {
    const r = await run(['check', '--split', 'clean.json'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('OK: clean.json: 2 custom fold(s), 5 subjects — no subject leakage')
    expect(r.out).toContain('checked: train/test, val/test')
    const j = JSON.parse((await run(['check', '--split', 'clean.json', '--json'])).out) as { ok: boolean; leaks: unknown[] }
    expect(j).toMatchObject({ ok: true, leaks: [] })
  })

  it('leaking split: exit 1, SUBJECT_LEAKAGE naming every leaked subject in every fold', async () => {
    const r = await run(['check', '--split', 'leaky.json'])
    expect(r.code).toBe(1)
    expect(r.out).toBe('')
    expect(r.err).toBe(
      "circumplex: SUBJECT_LEAKAGE: leaky.json: subject leakage: 2 subject(s) (s01, s03) on both sides: fold 'a' train/test: s03; fold 'b' val/test: s01\n"
    )
  })

  it('eval subjects seen in training (or val) of a fold: exit 1', async () => {
    const r = await run(['check', '--split', 'clean.json', '--eval-subjects', 's05,s09'])
    expect(r.code).toBe(1)
    expect(r.err).toBe(
      "circumplex: SUBJECT_LEAKAGE: clean.json: subject leakage: 1 subject(s) (s05) on both sides: fold 'b' --eval-subjects/train: s05\n"
    )
    const ok = await run(['check', '--split', 'clean.json', '--eval-subjects', 's09,s10', '--train-subjects', 's07'])
    expect(ok.code).toBe(0)
    expect(ok.out).toContain('checked: train/test, val/test, --train-subjects/test, --eval-subjects/train, --eval-subjects/val, --train-subjects/--eval-subjects')
  })

  it('already-trained subjects tested in a fold, and train vs eval lists without a split', async () => {
    const r = await run(['check', '--split', 'clean.json', '--train-subjects', 's02'])
    expect(r.code).toBe(1)
    expect(r.err).toContain("fold 'b' --train-subjects/test: s02")
    const both = await run(['check', '--train-subjects', 'a,b,c', '--eval-subjects', 'c,d,a'])
    expect(both.code).toBe(1)
    expect(both.err).toBe('circumplex: SUBJECT_LEAKAGE: subject leakage: 2 subject(s) (a, c) on both sides: --train-subjects/--eval-subjects: a, c\n')
    const fine = await run(['check', '--train-subjects', 'a,b', '--eval-subjects', 'c'])
    expect(fine.code).toBe(0)
    expect(fine.out).toBe('OK: none of the 1 evaluation subject(s) is among the 2 training subject(s)\n')
  })

  it('bad split files and unknown subjects are reported, not leaks', async () => {
    const b = await run(['check', '--split', 'broken.json'])
    expect(b.code).toBe(1)
    expect(b.err).toBe('circumplex: PARSE_ERROR: invalid split file: folds[0].train must not be empty\n')
    const u = await run(['check', '--split', 'clean.json', '--subjects', 'by-subject.json'])
    expect(u.code).toBe(2)
    expect(u.err).toContain('the split names 5 subject(s) missing from the subjects file: s01, s02, s03, s04, s05')
    const n = await run(['check'])
    expect(n.code).toBe(2)
    expect(n.err).toContain('folds check needs --split <file>')
  })
})
