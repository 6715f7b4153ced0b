import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { DatasetDetail, DatasetInfo } from '../../../shared/datasets'
import { sessionWithTrace, tempDir, testContext, tinyDataset } from '../../services/datasets/test-fixtures'
import { parseArgs } from '../args'
import type { CliContext } from '../command'
import { datasetsCommand, histogramText, runDatasets } from './datasets'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

function io(cwd: string): CliContext & { stdout: () => string } {
  const out: string[] = []
  return { env: {}, cwd, out: (t) => out.push(t), err: () => undefined, stdout: () => out.splice(0).join('') }
}

describe('circumplex datasets', () => {
  it('register → list → show → folds --out / --save → check → remove', async () => {
    const ctx = testContext()
    const dir = await tinyDataset({ subjects: 3, frames: 4 })
    const cwd = tempDir('cx-ds-cli-')
    dirs.push(dir, cwd)
    const c = io(cwd)
    const run = (...argv: string[]) => runDatasets(parseArgs(argv), c, ctx)
    expect(await run('register', dir, '--format', 'sewa', '--name', 'Tiny', '--json')).toBe(0)
    const reg = JSON.parse(c.stdout()) as DatasetDetail
    expect(reg.dataset).toMatchObject({ name: 'Tiny', format: 'sewa', subjects: 3, clips: 3, frames: 12 })
    const id = reg.dataset.id
    expect(await run('list', '--json')).toBe(0)
    expect((JSON.parse(c.stdout()) as DatasetInfo[]).map((d) => d.id)).toEqual([id])
    await run('list')
    expect(c.stdout()).toMatch(new RegExp(`${id}\\s+Tiny\\s+sewa\\s+folder\\s+3\\s+3\\s+12\\s+100.0 %\\s+3`))
    await run('show', id)
    const shown = c.stdout()
    expect(shown).toMatch(/S01\s+1\s+4\s+100.0 %/)
    expect(shown).toMatch(/12 labelled frames/)
    await run('folds', id, '--out', 'split.json')
    const split = JSON.parse(readFileSync(join(cwd, 'split.json'), 'utf8')) as { kind: string; folds: Array<{ name: string; train: string[]; val: string[]; test: string[] }> }
    expect(split.kind).toBe('subject-kfold')
    expect(split.folds.flatMap((f) => f.test).sort()).toEqual(['S01', 'S02', 'S03'])
    // Hand edit: fold 1 without validation subjects; saved as a custom split.
    const f = split.folds[0]
    split.folds[0] = { ...f, train: [...f.train, ...f.val], val: [] }
    writeFileSync(join(cwd, 'edited.json'), JSON.stringify({ ...split, kind: 'custom', seed: null }))
    expect(await run('folds', id, '--save', 'edited.json')).toBe(0)
    expect(c.stdout()).toMatch(/saved 3 fold\(s\) \(custom\)/)
    await run('folds', id)
    expect(JSON.parse(c.stdout())).toMatchObject({ kind: 'custom', seed: null, folds: [{ val: [] }, {}, {}] })
    // A leaking split file is refused and changes nothing.
    writeFileSync(join(cwd, 'leak.json'), JSON.stringify({ ...split, kind: 'custom', seed: null, folds: [{ ...f, train: [...f.train, f.test[0]] }] }))
    await expect(run('folds', id, '--save', 'leak.json')).rejects.toMatchObject({ code: 'SUBJECT_LEAKAGE' })
    expect(await run('check', id)).toBe(0)
    expect(c.stdout()).toMatch(/^unchanged/)
    writeFileSync(join(dir, 'sewa', 'S03_T01.csv'), readFileSync(join(dir, 'sewa', 'S03_T01.csv'), 'utf8').replace(/;0\.\d+;/, ';0.5;'))
    expect(await run('check', id, '--json')).toBe(1)
    expect(JSON.parse(c.stdout())).toMatchObject({ same: false })
    expect(await run('remove', id)).toBe(0)
    expect(c.stdout()).toMatch(/left as it is/)
    await expect(run('show', id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('from-sessions builds and registers; bad arguments are refused clearly', async () => {
    const ctx = testContext()
    dirs.push(ctx.layout.root)
    const a = sessionWithTrace(ctx, 'one', [[0.1, 0.1], [0.2, 0.2]])
    const b = sessionWithTrace(ctx, 'two', [[0.3, -0.1], [0.4, -0.2]])
    const cwd = tempDir('cx-ds-cli-')
    dirs.push(cwd)
    writeFileSync(join(cwd, 'subjects.json'), JSON.stringify({ [a]: 'P1', [b]: 'P2' }))
    const c = io(cwd)
    const run = (...argv: string[]) => runDatasets(parseArgs(argv), c, ctx)
    expect(await run('from-sessions', '--name', 'mine', '--sessions', `${a},${b}`, '--gold', '--subjects', 'subjects.json', '--json')).toBe(0)
    expect((JSON.parse(c.stdout()) as DatasetDetail).summary.subjects.map((s) => s.subjectId)).toEqual(['P1', 'P2'])
    await expect(run('from-sessions', '--name', 'x', '--sessions', a)).rejects.toThrow(/exactly one of --gold and --annotator/)
    await expect(run('from-sessions', '--sessions', a, '--gold')).rejects.toThrow(/--name/)
    await expect(run('register', cwd)).rejects.toThrow(/needs --format/)
    await expect(run('register')).rejects.toThrow(/needs a dataset folder/)
    await expect(run('show', 'x', 'y')).rejects.toThrow(/unexpected argument "y"/)
    await expect(run('list', '--bogus')).rejects.toThrow(/unknown option --bogus/)
    await expect(datasetsCommand.run(parseArgs(['frobnicate']), c)).rejects.toThrow(/unknown subcommand "frobnicate"/)
    await expect(datasetsCommand.run(parseArgs(['register', cwd, '--format', 'recola']), c)).rejects.toThrow(/--format must be one of/)
  })

  it('draws the histogram with arousal up and valence right', () => {
    const counts = new Array<number>(16).fill(0)
    counts[3 * 4 + 3] = 4 // top right: V+ A+
    counts[0] = 1 // bottom left
    const lines = histogramText({ bins: 4, counts, max: 4, total: 5 })
    expect(lines[0]).toBe('A+ |···@|')
    expect(lines[3]).toBe('A− |-···|') // 1/4 of the densest bin: ramp step ceil(9 × 0.25) = 3
  })
})
