import { describe, expect, it } from 'vitest'
import { curvesFigure, lossKeys, metricKeys } from './run-curves'

const e = (epoch: number, m: Record<string, number | null>, l: Record<string, number>) => ({ epoch, split: 'val' as const, metrics: m, losses: l, wallS: 1 })

describe('run curves', () => {
  it('orders CCC metrics first and plots validation metrics over losses', () => {
    const epochs = [e(1, { rmse_v: 0.3, ccc_mean: 0.2, ccc_v: null }, { g: 2, d: 1 }), e(2, { rmse_v: 0.25, ccc_mean: 0.4, ccc_v: 0.5 }, { g: 1.5, d: 0.9 })]
    expect(metricKeys(epochs)).toEqual(['ccc_mean', 'ccc_v', 'rmse_v'])
    expect(lossKeys(epochs)).toEqual(['d', 'g'])
    const fig = curvesFigure(epochs, { text: '#000', grid: '#ccc' })
    expect(fig.data.map((d) => (d as { name: string }).name)).toEqual(['val ccc_mean', 'val ccc_v', 'val rmse_v', 'loss d', 'loss g'])
    expect((fig.data[1] as { y: (number | null)[] }).y).toEqual([null, 0.5])
    expect((fig.data[3] as { yaxis: string }).yaxis).toBe('y2')
  })
})
