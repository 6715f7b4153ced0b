import { afterAll, describe, expect, it } from 'vitest'
import { FIXTURES, type MatrixFixture, type Nullable } from '../../../core/metrics/fixtures/fixture-types'
import { expectClose } from '../../../core/metrics/fixtures/test-helpers'
import type { AgreementReport } from '../affect/agreement-report'
import { runCommand, tempFiles } from '../affect/test-harness'
import { agreementCommand } from './agreement'

function csvOf(data: readonly (readonly Nullable[])[], raters: readonly string[], index = 'target'): string {
  const rows = [[index, ...raters].join(',')]
  data.forEach((row, i) => rows.push([String(i + 1), ...row.map((v) => (v === null ? '' : String(v)))].join(',')))
  return `${rows.join('\n')}\n`
}

const SF = FIXTURES.matrices.shroutFleiss
const files = tempFiles({
  'sf.csv': csvOf(SF.data, ['judge1', 'judge2', 'judge3', 'judge4']),
  'sf-bom-crlf-semicolon.csv': `\ufeff${csvOf(SF.data, ['A', 'B', 'C', 'D'], 'frame').replace(/,/g, ';').replace(/\n/g, '\r\n')}`,
  'sf-noindex.tsv': csvOf(SF.data, ['a', 'b', 'c', 'd']).split('\n').map((l) => l.split(',').slice(1).join('\t')).join('\n'),
  'nan40x4.csv': csvOf(FIXTURES.matrices.nan40x4.data, ['r1', 'r2', 'r3', 'r4']),
  'kripp.csv': csvOf(FIXTURES.matrices.krippendorff2011.data, ['c1', 'c2', 'c3', 'c4'], 'id').replace(/,(?=,|\n)/g, ',NaN'),
  'random.csv': csvOf(FIXTURES.matrices.random30x3.data, ['x', 'y', 'z']),
  'semicolon.csv': 'frame;r1;r2\n1;1;2\n2;3;4\n',
  'one-rater.csv': 'frame,r1\n1,1\n2,3\n',
  'one-row.csv': 'frame,r1,r2\n1,1,2\n',
  'text.csv': 'frame,r1,r2\n1,1,2\n2,abc,4\n3,1,1\n',
  'comma-decimal.csv': 'frame;r1;r2\n1;0,5;2\n2;3;4\n',
  'ragged.csv': 'frame,r1,r2\n1,1,2\n2,3\n',
  'no-header.csv': '1,2,3\n4,5,6\n',
  'dup.csv': 'frame,r1,r1\n1,1,2\n2,3,4\n',
  'dup-frame.csv': 'frame,r1,r2\n1,1,2\n1,3,4\n',
  'inf.csv': 'r1,r2\n1,2\n1e999,4\n',
  'mostly-missing.csv': 'r1,r2\n1,\n,2\n3,4\n',
  'empty.csv': ''
})
afterAll(files.cleanup)

async function report(file: string, extra: string[] = []): Promise<AgreementReport> {
  const r = await runCommand(agreementCommand, [file, '--json', ...extra], files.dir)
  expect(r.err).toBe('')
  expect(r.code).toBe(0)
  return JSON.parse(r.out) as AgreementReport
}

/** Compares every number of the report to a metrics fixture (value, CI, F, df, p, ANOVA, α, r, CCC, LOO). */
function expectMatchesFixture(r: AgreementReport, fx: MatrixFixture, tol = 1e-6): void {
  expect(r.icc.nUsed).toBe(fx.icc.n)
  expect(r.nRaters).toBe(fx.icc.k)
  expect(r.nTargets).toBe(fx.data.length)
  expect(r.icc.nDropped).toBe(fx.data.length - fx.icc.n)
  for (const key of ['msr', 'msc', 'msw', 'mse'] as const) expectClose(r.icc.anova[key], fx.icc[key], tol, key)
  expect(r.icc.forms).toHaveLength(6)
  for (const f of r.icc.forms) {
    const e = fx.icc.forms[f.form]
    expectClose(f.value, e.value, tol, `${f.form} value`)
    expectClose(f.ci.lower, e.lower, tol, `${f.form} lower`)
    expectClose(f.ci.upper, e.upper, tol, `${f.form} upper`)
    expectClose(f.fValue, e.fValue, tol, `${f.form} F`)
    expectClose(f.df1, e.df1, tol, `${f.form} df1`)
    expectClose(f.df2, e.df2, tol, `${f.form} df2`)
    expectClose(f.pValue, e.pValue, tol, `${f.form} p`)
  }
  const a = r.krippendorffAlpha
  expectClose(a.alpha, fx.krippendorff.alpha, tol, 'alpha')
  expectClose(a.observedDisagreement, fx.krippendorff.observedDisagreement, tol, 'D_o')
  expectClose(a.expectedDisagreement, fx.krippendorff.expectedDisagreement, tol, 'D_e')
  expect(a.nPairable).toBe(fx.krippendorff.nPairable)
  expectClose(r.meanPairwisePearson.mean, fx.agreement.meanPearson, tol, 'mean r')
  expect(r.meanPairwisePearson.nPairs).toBe(fx.agreement.nPairs)
  // JSON writes NaN as null, like the fixtures
  r.pairwisePearson.forEach((row, i) => row.forEach((v, j) => expectClose(v ?? NaN, fx.agreement.pearson[i][j], tol, `r[${i}][${j}]`)))
  r.pairwiseCcc.forEach((row, i) => row.forEach((v, j) => expectClose(v ?? NaN, fx.agreement.ccc[i][j], tol, `ccc[${i}][${j}]`)))
  expect(r.leaveOneOut).toHaveLength(fx.agreement.leaveOneOut.length)
  r.leaveOneOut.forEach((l, j) => {
    const e = fx.agreement.leaveOneOut[j]
    expect(l.rater).toBe(r.raters[e.rater])
    expectClose(l.ccc, e.ccc, tol, `loo ccc ${j}`)
    expectClose(l.pcc, e.pcc, tol, `loo r ${j}`)
    expect(l.nUsed).toBe(e.nUsed)
  })
}

describe('circumplex agreement — Shrout & Fleiss (1979) 6 targets × 4 judges', () => {
  it('reproduces the published ICCs (.17 .29 .71 .44 .62 .91) with Shrout–Fleiss labels', async () => {
    const r = await report('sf.csv')
    const published: Record<string, string> = {
      'ICC(1,1)': '0.17',
      'ICC(A,1)': '0.29',
      'ICC(C,1)': '0.71',
      'ICC(1,k)': '0.44',
      'ICC(A,k)': '0.62',
      'ICC(C,k)': '0.91'
    }
    for (const f of r.icc.forms) expect(f.value.toFixed(2), f.form).toBe(published[f.form])
    const a1 = r.icc.forms.find((f) => f.form === 'ICC(A,1)')
    expect(a1?.label).toBe('ICC(A,1) absolute agreement, single rater — Shrout–Fleiss ICC(2,1)')
    expect(r.icc.forms.map((f) => f.label)).toEqual([
      'ICC(1,1) one-way random, single rater — Shrout–Fleiss ICC(1,1)',
      'ICC(C,1) consistency, single rater — Shrout–Fleiss ICC(3,1)',
      'ICC(A,1) absolute agreement, single rater — Shrout–Fleiss ICC(2,1)',
      'ICC(1,k) one-way random, mean of 4 raters — Shrout–Fleiss ICC(1,k)',
      'ICC(C,k) consistency, mean of 4 raters — Shrout–Fleiss ICC(3,k)',
      'ICC(A,k) absolute agreement, mean of 4 raters — Shrout–Fleiss ICC(2,k)'
    ])
    expect(r.icc.confidence).toBe(0.95)
    expect(r.raters).toEqual(['judge1', 'judge2', 'judge3', 'judge4'])
    expect(r.indexColumn).toBe('target')
  })

  it('matches every number of the committed numpy/scipy fixtures to 1e-6', async () => {
    expectMatchesFixture(await report('sf.csv'), SF)
  })

  it('reads BOM + CRLF + ";" (--delimiter ;) and tab without an index column identically', async () => {
    expectMatchesFixture(await report('sf-bom-crlf-semicolon.csv', ['--delimiter', ';']), SF)
    const t = await report('sf-noindex.tsv', ['--delimiter', 'tab'])
    expectMatchesFixture(t, SF)
    expect(t.indexColumn).toBeNull()
  })

  it('accepts --json before the file and a different --confidence level', async () => {
    const r = await runCommand(agreementCommand, ['--json', 'sf.csv', '--confidence', '0.9'], files.dir)
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out) as AgreementReport
    expect(j.icc.confidence).toBe(0.9)
    const c1 = j.icc.forms.find((f) => f.form === 'ICC(C,1)')
    const e = SF.icc.forms['ICC(C,1)']
    expect(c1?.value).toBeCloseTo(e.value, 12)
    expect(c1?.ci.lower).toBeGreaterThan(e.lower) // a 90 % interval is narrower than the 95 % one
    expect(c1?.ci.upper).toBeLessThan(e.upper)
  })

  it('prints an aligned human table', async () => {
    const r = await runCommand(agreementCommand, ['sf.csv'], files.dir)
    expect(r.code).toBe(0)
    const lines = r.out.split('\n')
    expect(lines[1]).toBe("6 targets × 4 raters: judge1, judge2, judge3, judge4 (index column 'target')")
    expect(r.out).toContain('Missing values: none')
    const a1 = lines.find((l) => l.includes('ICC(A,1) absolute agreement, single rater — Shrout–Fleiss ICC(2,1)')) ?? ''
    expect(a1).toMatch(/ 0\.2898 +\[0\.0188, 0\.7611\] +11\.027 +5 +15 +1\.35e-4$/)
    const head = lines.find((l) => l.trimStart().startsWith('form')) ?? ''
    expect(head.indexOf('ICC') + 3).toBe(a1.indexOf('0.2898') + 6) // right-aligned value column
    expect(r.out).toMatch(/Krippendorff's α \(interval\) +0\.1473 +24 pairable values in 6 units/)
    expect(r.out).toMatch(/Mean pairwise Pearson r +0\.7603 +6 pair\(s\)/)
    expect(r.out).toMatch(/judge1 +1\.0000 +0\.1070 +0\.2071 +0\.6053/)
    expect(r.out).toMatch(/judge3 +0\.6282 +0\.8445 +6/)
  })
})

describe('circumplex agreement — other fixtures and missing values', () => {
  it('random 30×3 matches the fixtures to 1e-6', async () => {
    expectMatchesFixture(await report('random.csv'), FIXTURES.matrices.random30x3)
  })

  it('empty cells: ICC listwise (10 of 40 rows dropped), α on all pairable values — fixtures to 1e-6', async () => {
    const r = await report('nan40x4.csv')
    expectMatchesFixture(r, FIXTURES.matrices.nan40x4)
    expect(r.icc.nDropped).toBe(10)
    expect(r.missing.rowsWithMissing).toBe(10)
    const human = (await runCommand(agreementCommand, ['nan40x4.csv'], files.dir)).out
    expect(human).toContain('ICC: 10 row(s) dropped (listwise), 30 complete row(s) used')
  })

  it("NaN cells: Krippendorff (2011) example (12 units, 4 coders) matches α and drops units for the ICC", async () => {
    const r = await report('kripp.csv')
    expectMatchesFixture(r, FIXTURES.matrices.krippendorff2011)
    expect(r.krippendorffAlpha.nUnitsDropped).toBe(1)
  })
})

describe('circumplex agreement — bad input', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['wrong delimiter', ['semicolon.csv'], 1, /PARSE_ERROR: semicolon\.csv: line 1 has a single column .* contains ';': wrong delimiter\? try --delimiter ;/],
    ['one rater', ['one-rater.csv'], 2, /INVALID_ARGUMENT: one-rater\.csv: need at least 2 rater columns, found 1 \('r1'\)/],
    ['one row', ['one-row.csv'], 2, /INVALID_ARGUMENT: one-row\.csv: need at least 2 rows/],
    ['non-numeric', ['text.csv'], 1, /PARSE_ERROR: text\.csv: line 3, column 2 \('r1'\): not a number \('abc'\)/],
    ['decimal comma', ['comma-decimal.csv', '--delimiter', ';'], 1, /line 2, column 2 \('r1'\): not a number \('0,5'\) \(decimal comma\?/],
    ['ragged', ['ragged.csv'], 1, /PARSE_ERROR: ragged\.csv: line 3: expected 3 fields like the header but found 2 \(truncated line\?\)/],
    ['no header', ['no-header.csv'], 1, /PARSE_ERROR: no-header\.csv: line 1 is data, not a header/],
    ['duplicate rater', ['dup.csv'], 1, /rater name 'r1' used twice \(columns 2 and 3\)/],
    ['duplicate frame', ['dup-frame.csv'], 1, /line 3, column 1 \('frame'\): duplicated frame '1' \(also on line 2\)/],
    ['infinite', ['inf.csv'], 1, /line 3, column 1 \('r1'\): value out of range/],
    ['too few complete rows', ['mostly-missing.csv'], 2, /only 1 of 3 rows have a rating from every rater/],
    ['empty', ['empty.csv'], 1, /PARSE_ERROR: empty\.csv: empty file/],
    ['missing file', ['nope.csv'], 1, /NOT_FOUND: ratings file not found: nope\.csv/],
    ['no file', [], 2, /INVALID_ARGUMENT: missing the ratings file/],
    ['bad delimiter flag', ['sf.csv', '--delimiter', 'x'], 2, /--delimiter must be one of/],
    ['bad confidence', ['sf.csv', '--confidence', '2'], 2, /--confidence must be in \(0, 1\)/],
    ['unknown flag', ['sf.csv', '--jsn'], 2, /unknown option --jsn/]
  ]
  it.each(cases)('%s → one-line error', async (_name, argv, code, re) => {
    const r = await runCommand(agreementCommand, argv, files.dir)
    expect(r.code).toBe(code)
    expect(r.out).toBe('')
    expect(r.err).toMatch(re)
    expect(r.err.trimEnd().split('\n')).toHaveLength(1)
  })
})
