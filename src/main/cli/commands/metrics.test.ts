import { afterAll, describe, expect, it } from 'vitest'
import { FIXTURES, type Nullable } from '../../../core/metrics/fixtures/fixture-types'
import { expectClose } from '../../../core/metrics/fixtures/test-helpers'
import type { MetricsReport } from '../affect/metrics-report'
import { runCommand, tempFiles } from '../affect/test-harness'
import { metricsCommand } from './metrics'

const SEQS = FIXTURES.dataset.sequences
const E = FIXTURES.dataset.expected
const METRICS = ['ccc', 'pcc', 'rmse', 'mae', 'sagr'] as const
const cell = (v: Nullable, scale = 1): string => (v === null ? '' : String(v * scale))

/** valence = the fixture series, arousal = half of it (CCC, PCC, SAGR unchanged; RMSE, MAE halved). */
function simpleCsv(which: 'pred' | 'gold', opts: { seqCol?: string; reverse?: boolean; drop?: (id: string, f: number) => boolean } = {}): string {
  const rows: string[] = []
  for (const s of SEQS) {
    s[which].forEach((v, f) => {
      if (opts.drop?.(s.id, f) === true) return
      rows.push([s.id, String(f), cell(v), cell(v, 0.5)].join(','))
    })
  }
  if (opts.reverse === true) rows.reverse()
  return `${[opts.seqCol ?? 'sequence', 'frame', 'valence', 'arousal'].join(',')}\n${rows.join('\n')}\n`
}

/** One sequence in the Circumplex wide CSV (with time_s, source and an extra column). */
function wideCsv(which: 'pred' | 'gold', id: string): string {
  const s = SEQS.find((x) => x.id === id)
  if (s === undefined) throw new Error(id)
  const rows = s[which].map((v, f) => [String(f), String(f / 25), cell(v), cell(v, 0.5), which === 'pred' ? 'model' : 'rater-mean', '0.9'].join(','))
  return `frame,time_s,valence,arousal,source,confidence\r\n${rows.join('\r\n')}\r\n`
}

const files = tempFiles({
  'pred.csv': simpleCsv('pred'),
  'gold.csv': simpleCsv('gold', { seqCol: 'video', reverse: true }),
  'pred-short.csv': simpleCsv('pred', { drop: (id, f) => (id === 's1' && f >= 75) || id === 'flat' }),
  'gold-extra.csv': simpleCsv('gold', { drop: (id, f) => id === 's3' && f === 0 }),
  'pred-s0.csv': wideCsv('pred', 's0'),
  'gold-s0.csv': wideCsv('gold', 's0'),
  'gold-noseq.csv': 'frame,valence,arousal\n0,0.1,0.2\n1,0.2,0.3\n',
  'bad-number.csv': 'frame,valence,arousal\n0,0.1,0.2\n1,x,0.3\n',
  'dup.csv': 'frame,valence,arousal\n0,0.1,0.2\n0,0.2,0.3\n',
  'no-va.csv': 'frame,time_s,val,aro\n0,0,0.1,0.2\n',
  'neg-frame.csv': 'frame,valence,arousal\n-1,0.1,0.2\n',
  'gold-late.csv': 'frame,valence,arousal\n1000,0.1,0.2\n1001,0.2,0.3\n'
})
afterAll(files.cleanup)

async function json(argv: string[]): Promise<MetricsReport> {
  const r = await runCommand(metricsCommand, [...argv, '--json'], files.dir)
  expect(r.err).toBe('')
  expect(r.code).toBe(0)
  return JSON.parse(r.out) as MetricsReport
}

describe('circumplex metrics — both conventions match the numpy fixtures', () => {
  it('pooled over all frames and mean of per-sequence values, valence / arousal / mean of both, to 1e-6', async () => {
    const r = await json(['--pred', 'pred.csv', '--gold', 'gold.csv'])
    expect(r.pooled.label).toBe('pooled over all frames')
    expect(r.perSequenceMean.label).toBe('mean of per-sequence values')
    expect(r.perSequenceMean.nSequences).toBe(5)
    expect(r.pred.sequenceColumn).toBe('sequence')
    expect(r.gold.sequenceColumn).toBe('video')
    expect(r.join).toMatchObject({ predFrames: 245, goldFrames: 245, matchedFrames: 245, onlyInPred: 0, onlyInGold: 0 })
    const halved = (m: string): number => (m === 'rmse' || m === 'mae' ? 0.5 : 1)
    const pooled = (m: (typeof METRICS)[number]): number => E.pooled[m] ?? NaN
    for (const m of METRICS) {
      expectClose(r.pooled.valence[m], E.pooled[m], 1e-6, `pooled valence ${m}`)
      expectClose(r.pooled.arousal[m], pooled(m) * halved(m), 1e-6, `pooled arousal ${m}`)
      expectClose(r.pooled.mean[m], (pooled(m) * (1 + halved(m))) / 2, 1e-6, `pooled mean ${m}`)
      expectClose(r.perSequenceMean.valence[m], E.perSequenceMean[m], 1e-6, `per-seq valence ${m}`)
      expectClose(r.perSequenceMean.arousal[m], E.perSequenceMean[m] * halved(m), 1e-6, `per-seq arousal ${m}`)
      expect(r.perSequenceMean.valence.nSequences[m]).toBe(E.nSequences[m])
    }
    expect(r.pooled.valence.nUsed).toBe(E.pooled.nUsed)
    expect(r.pooled.valence.nMissing).toBe(E.pooled.nMissing)
    // per-sequence rows in gold order of first appearance (gold.csv is reversed), values per fixture
    expect(r.perSequence.map((s) => s.id)).toEqual(['flat', 's3', 's2', 's1', 's0'])
    for (const s of r.perSequence) {
      const e = E.perSequence[SEQS.findIndex((x) => x.id === s.id)]
      for (const m of METRICS) expectClose(s.valence[m] ?? NaN, e[m], 1e-6, `${s.id} ${m}`)
      expect(s.valence.nUsed).toBe(e.nUsed)
    }
  })

  it('reads the Circumplex wide CSV (CRLF, time_s, source, extra columns) as one sequence', async () => {
    const r = await json(['--pred', 'pred-s0.csv', '--gold', 'gold-s0.csv'])
    expect(r.pred.format).toBe('circumplex-wide')
    expect(r.pred.sequenceColumn).toBeNull()
    expect(r.perSequenceMean.nSequences).toBe(1)
    const e = E.perSequence[0]
    for (const m of METRICS) {
      expectClose(r.pooled.valence[m], e[m], 1e-6, `pooled ${m}`)
      expectClose(r.perSequenceMean.valence[m], e[m], 1e-6, `per-seq ${m}`)
    }
  })

  it('prints both conventions, clearly labelled, in aligned tables', async () => {
    const r = await runCommand(metricsCommand, ['--pred', 'pred.csv', '--gold', 'gold.csv', '--per-sequence'], files.dir)
    expect(r.code).toBe(0)
    expect(r.out).toContain('Frames: 245 matched and evaluated in 5 sequence(s); 0 only in pred, 0 only in gold\n')
    expect(r.out).toContain('Missing values (pairwise deletion): valence 3 frame(s), arousal 3 frame(s) without both values')
    expect(r.out).toContain('Pooled over all frames (valence n = 242, arousal n = 242)')
    expect(r.out).toContain('Mean of per-sequence values (n = 5 sequence(s), unweighted)')
    expect(r.out).toMatch(/ {2}valence {7}0\.8904 {2}0\.9127 {2}0\.1330 {2}0\.1086 {2}0\.9091\n/)
    expect(r.out).toMatch(/ {2}valence {7}0\.5746 {2}0\.7966 {2}0\.1307 {2}0\.1064 {2}0\.9120\n/)
    expect(r.out).toContain('undefined and skipped (constant series or < 2 frames): PCC valence in 1; PCC arousal in 1 sequence(s)')
    expect(r.out).toMatch(/ {2}flat +20 +0\.0000 +n\/a/)
  })
})

describe('circumplex metrics — frames in one file only are reported, never dropped silently', () => {
  it('refuses by default with LENGTH_MISMATCH naming the counts', async () => {
    const r = await runCommand(metricsCommand, ['--pred', 'pred-short.csv', '--gold', 'gold-extra.csv'], files.dir)
    expect(r.code).toBe(1)
    expect(r.out).toBe('')
    expect(r.err).toContain('circumplex: LENGTH_MISMATCH: pred and gold cover different frames: ')
    expect(r.err).toContain('pred-short.csv has 220 frame(s) and gold-extra.csv 244: 219 in both, 1 only in pred')
    expect(r.err).toContain("1 only in pred (e.g. 's3' frame 0), 25 only in gold (e.g. 's1' frame 75, 's1' frame 76, 's1' frame 77); sequence(s) only in gold: 'flat'")
    expect(r.err).toContain('--on-length-mismatch intersect to evaluate the 219 shared frame(s)')
    expect(r.err.trimEnd().split('\n')).toHaveLength(1)
  })

  it('--on-length-mismatch intersect evaluates the shared frames and reports the rest', async () => {
    const r = await json(['--pred', 'pred-short.csv', '--gold', 'gold-extra.csv', '--on-length-mismatch', 'intersect'])
    expect(r.onLengthMismatch).toBe('intersect')
    expect(r.join).toMatchObject({
      predFrames: 220,
      goldFrames: 244,
      matchedFrames: 219,
      onlyInPred: 1,
      onlyInGold: 25,
      matchedSequences: 4,
      sequencesOnlyInGold: ['flat'],
      sequencesOnlyInPred: []
    })
    expect(r.perSequenceMean.nSequences).toBe(4)
    expect(r.perSequence.find((s) => s.id === 's1')).toMatchObject({ nFrames: 75, onlyInGold: 5, onlyInPred: 0 })
    const h = await runCommand(metricsCommand, ['--pred', 'pred-short.csv', '--gold', 'gold-extra.csv', '--on-length-mismatch=intersect'], files.dir)
    expect(h.out).toContain('Frames: 219 matched and evaluated in 4 sequence(s); 1 only in pred, 25 only in gold (not evaluated: --on-length-mismatch intersect)')
    expect(h.out).toContain("sequence(s) only in gold: 'flat'")
  })
})

describe('circumplex metrics — bad input', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['one file with sequences, one without', ['--pred', 'pred.csv', '--gold', 'gold-noseq.csv'], 2, /INVALID_ARGUMENT: pred\.csv groups frames by column 'sequence' but gold-noseq\.csv has no sequence column/],
    ['non-numeric', ['--pred', 'bad-number.csv', '--gold', 'gold-noseq.csv'], 1, /PARSE_ERROR: bad-number\.csv: line 3, column 'valence': not a number \('x'\)/],
    ['duplicated frame', ['--pred', 'dup.csv', '--gold', 'gold-noseq.csv'], 1, /PARSE_ERROR: dup\.csv: line 3: duplicated frame 0 \(also on line 2\)/],
    ['missing columns', ['--pred', 'no-va.csv', '--gold', 'gold-noseq.csv'], 1, /PARSE_ERROR: no-va\.csv: line 1: missing column\(s\) valence, arousal \(found: frame, time_s, val, aro\)/],
    ['negative frame', ['--pred', 'neg-frame.csv', '--gold', 'gold-noseq.csv'], 1, /line 2, column 'frame': expected a non-negative integer frame index, found '-1'/],
    ['unknown --by', ['--pred', 'pred.csv', '--gold', 'gold.csv', '--by', 'clip'], 1, /PARSE_ERROR: pred\.csv: no column 'clip' for --by/],
    ['nothing shared', ['--pred', 'pred-s0.csv', '--gold', 'gold-late.csv', '--on-length-mismatch', 'intersect'], 1, /LENGTH_MISMATCH: no \(sequence, frame\) in common: pred-s0\.csv has 50 frame\(s\) and gold-late\.csv 2: 0 in both/],
    ['bad policy', ['--pred', 'pred.csv', '--gold', 'gold.csv', '--on-length-mismatch', 'pad'], 2, /--on-length-mismatch must be refuse or intersect/],
    ['no gold', ['--pred', 'pred.csv'], 2, /INVALID_ARGUMENT: missing --gold/],
    ['missing file', ['--pred', 'nope.csv', '--gold', 'gold.csv'], 1, /NOT_FOUND: prediction file not found: nope\.csv/]
  ]
  it.each(cases)('%s', async (_name, argv, code, re) => {
    const r = await runCommand(metricsCommand, argv, files.dir)
    expect(r.code).toBe(code)
    expect(r.err).toMatch(re)
    expect(r.err.trimEnd().split('\n')).toHaveLength(1)
  })
})
