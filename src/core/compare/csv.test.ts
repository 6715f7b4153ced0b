import { describe, expect, it } from 'vitest'
import { COMPARE_CSV_COLUMNS, compareCsv, csvField, csvNumber } from './csv'
import { buildComparison, type CompareInput } from './group-runs'

const run = (id: string, fold: string, ccc: [number, number], rmse: [number, number], extra: Partial<CompareInput> = {}): CompareInput => ({
  runId: id,
  label: 'Vi-DeS',
  model: 'vi-des',
  preset: 'compact',
  fold,
  status: 'done',
  dataHash: 'hash1',
  codeVersion: '0.4.0+abc',
  backend: 'wasm',
  wallS: 60,
  tags: [],
  config: { model: 'vi-des', fold },
  epochs: [{ epoch: 2, split: 'test', metrics: { ccc_v: ccc[0], ccc_a: ccc[1], rmse_v: rmse[0], rmse_a: rmse[1] } }],
  ...extra
})

describe('compareCsv', () => {
  const res = buildComparison([
    run('vi-1', 'fold-1', [0.4, 0.43], [0.3, 0.4]),
    run('vi-2', 'fold-2', [0.43, 0.4], [0.2, 0.3]),
    run('gas-1', 'fold-1', [0.6, 0.5], [0.25, 0.45], { label: 'AVi-GaS, "gated"', model: 'avi-gas', config: { model: 'avi-gas' } })
  ])
  const text = compareCsv(res)
  const lines = text.split('\n')

  it('writes a header, a model line with mean and sd, fold lines under a multi-fold row, and a final newline', () => {
    expect(text.endsWith('\n')).toBe(true)
    expect(lines[0]).toBe(COMPARE_CSV_COLUMNS.join(','))
    expect(lines).toHaveLength(1 + 3 + 1 + 1) // header, vi model + 2 folds, gas model, '' after the last \n
    const col = (line: string, name: string) => line.split(',')[COMPARE_CSV_COLUMNS.indexOf(name)]
    expect(col(lines[1], 'level')).toBe('model')
    expect(col(lines[1], 'folds')).toBe('fold-1 fold-2')
    expect(col(lines[1], 'ccc_val')).toBe('0.415')
    expect(col(lines[1], 'ccc_avg')).toBe('0.415')
    expect(Number(col(lines[1], 'ccc_val_sd'))).toBeCloseTo(Math.sqrt(2 * 0.015 ** 2), 10)
    expect(col(lines[1], 'rmse_val')).toBe('0.25')
    expect(col(lines[1], 'cor_val')).toBe('')
    expect(col(lines[2], 'level')).toBe('fold')
    expect(col(lines[2], 'run_ids')).toBe('vi-1')
    expect(col(lines[2], 'ccc_aro')).toBe('0.43')
    expect(col(lines[2], 'ccc_aro_sd')).toBe('')
    expect(col(lines[2], 'epoch')).toBe('2')
  })

  it('quotes fields with commas and quotes (RFC 4180)', () => {
    expect(lines[4].startsWith('model,"AVi-GaS, ""gated""",avi-gas,')).toBe(true)
    expect(csvField('a\nb')).toBe('"a\nb"')
    expect(csvField('plain')).toBe('plain')
  })

  it('writes numbers without floating-point noise and null as empty', () => {
    expect(csvNumber((0.4 + 0.43) / 2)).toBe('0.415')
    expect(csvNumber(0.1 + 0.2)).toBe('0.3')
    expect(csvNumber(-1.25e-7)).toBe('-1.25e-7')
    expect(csvNumber(null)).toBe('')
  })
})
