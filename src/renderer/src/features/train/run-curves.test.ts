import { describe, expect, it } from 'vitest'
import { curvesFigure, lossKeys, metricKeys, metricLabel, stageSpans } from './run-curves'

const e = (epoch: number, m: Record<string, number | null>, l: Record<string, number>) => ({ epoch, split: 'val' as const, metrics: m, losses: l, wallS: 1 })
type Trace = { name: string; y: (number | null)[]; yaxis: string; visible?: unknown; line?: { color?: string } }

describe('run curves', () => {
  it('orders CCC metrics first', () => {
    const epochs = [e(1, { rmse_v: 0.3, ccc_mean: 0.2, ccc_v: null }, { g: 2, d: 1 }), e(2, { rmse_v: 0.25, ccc_mean: 0.4, ccc_v: 0.5 }, { g: 1.5, d: 0.9 })]
    expect(metricKeys(epochs)).toEqual(['ccc_mean', 'ccc_v', 'rmse_v'])
    expect(lossKeys(epochs)).toEqual(['d', 'g'])
    expect(metricLabel('icc_paper_a')).toBe('ICC paper A')
  })

  it('plots validation CCC and RMSE for V and A in their own panels over the losses, leaving out counts', () => {
    const m = (k: number) => ({ n: 40, ccc_v: 0.1 * k, ccc_a: 0.2 * k, ccc_mean: 0.15 * k, pcc_v: 0.3, rmse_v: 2 - k, rmse_a: 3 - k, stage_index: 0 })
    const epochs = [e(1, m(1), { affect: 5, g_rec: 1 }), e(2, m(2), { affect: 4, g_rec: 0.8 }), { ...e(2, { ccc_v: 0.9 }, {}), split: 'test' as const }]
    const fig = curvesFigure(epochs, { text: '#000', grid: '#ccc', valence: '#f00', arousal: '#00f', accent: '#0a0' })
    const traces = fig.data as Trace[]
    expect(traces.map((t) => [t.name, t.yaxis])).toEqual([
      ['val CCC V', 'y'],
      ['val CCC A', 'y'],
      ['val CCC mean', 'y'],
      ['val PCC V', 'y'],
      ['val RMSE V', 'y2'],
      ['val RMSE A', 'y2'],
      ['loss affect', 'y3'],
      ['loss g_rec', 'y3']
    ])
    expect(traces.find((t) => t.name === 'val CCC V')!.y).toEqual([0.1, 0.2]) // validation only, not the test row
    expect(traces.find((t) => t.name === 'val CCC V')!.line?.color).toBe('#f00')
    expect(traces.find((t) => t.name === 'val RMSE A')!.line?.color).toBe('#00f')
    expect(traces.find((t) => t.name === 'val PCC V')!.visible).toBe('legendonly')
    const l = fig.layout as Record<string, { domain?: number[] }>
    expect(l.yaxis.domain![0]).toBeGreaterThan(l.yaxis2.domain![1])
    expect(l.yaxis2.domain![0]).toBeGreaterThan(l.yaxis3.domain![1])
  })

  it('draws only the panels it has data for', () => {
    const fig = curvesFigure([e(1, { ccc_v: 0.2 }, {})], { text: '#000', grid: '#ccc' })
    expect((fig.data as Trace[]).map((t) => t.yaxis)).toEqual(['y'])
    expect((fig.layout as Record<string, unknown>).yaxis2).toBeUndefined()
  })

  it('marks the curriculum stages of a sequence run: a line between stages, the window and attention on top', () => {
    const st = (epoch: number, i: number, n: number, att = 0) => e(epoch, { ccc_mean: 0.1 * epoch, stage_index: i, window: n, attention: att }, { affect: 1 })
    const epochs = [st(1, 0, 2), st(2, 0, 2), st(3, 1, 4), st(4, 1, 4), st(5, 2, 4, 1), { ...e(2, { ccc_v: 0.9, stage_index: 0 }, {}), split: 'test' as const }]
    const fig = curvesFigure(epochs, { text: '#000', grid: '#ccc' })
    expect((fig.layout.shapes ?? []).map((s) => s.x0)).toEqual([2.5, 4.5])
    expect((fig.layout.annotations ?? []).map((a) => [a.text, a.x])).toEqual([
      ['n = 2', 1.5],
      ['n = 4', 3.5],
      ['n = 4 · att', 5]
    ])
    expect((fig.data as Trace[]).map((t) => t.name)).not.toContain('val stage index')
    // One stage or no stage tags: no markers.
    expect(curvesFigure([st(1, 0, 2), st(2, 0, 2)], { text: '#000', grid: '#ccc' }).layout.shapes).toBeUndefined()
    expect(curvesFigure([e(1, { ccc_mean: 0.1 }, {})], { text: '#000', grid: '#ccc' }).layout.annotations).toBeUndefined()
  })
})

describe('run curves of AP and MTL runs', () => {
  it('draws an AP run’s backbone CCC as a dotted reference beside the AP’s own validation CCC', () => {
    const epochs = [e(1, { ccc_v: 0.1, ccc_a: 0.2, ccc_mean: 0.15, backbone_ccc_mean: 0.3, lr: 1e-3 }, { nll: 2, reg: 1 }), e(2, { ccc_v: 0.3, ccc_a: 0.4, ccc_mean: 0.35, backbone_ccc_mean: 0.3, lr: 5e-4 }, { nll: 1, reg: 0.5 })]
    const traces = curvesFigure(epochs, { text: '#000', grid: '#ccc' }).data as Trace[]
    const ref = traces.find((t) => t.name === 'backbone CCC mean (val)')!
    expect(ref).toMatchObject({ yaxis: 'y', y: [0.3, 0.3] })
    expect(ref.visible).toBeUndefined()
    expect(traces.map((t) => t.name)).not.toContain('val lr')
    expect(traces.filter((t) => t.yaxis === 'y2').map((t) => t.name)).toEqual(['loss nll', 'loss reg'])
  })

  it('draws a multi-task run’s P_MTL / P_AU / P_EX in their own panel and marks its phases by their loss', () => {
    const m = (p: number, i: number) => ({ ccc_v: p, ccc_a: p, ccc_mean: p, p_va: p, p_au: p / 2, p_ex: p / 3, p_mtl: p * 1.8, p_au_present: 0.1, n_au: 16, phase_index: i, lr: 0.01 })
    const epochs = [e(1, m(0.1, 0), { au: 1 }), e(2, m(0.2, 0), { au: 0.8 }), e(3, m(0.3, 1), { expr: 2 }), e(4, m(0.4, 1), { expr: 1.5 }), e(5, m(0.5, 2), { va: 1 })]
    const fig = curvesFigure(epochs, { text: '#000', grid: '#ccc', accent: '#0a0' })
    const traces = fig.data as Trace[]
    expect(traces.filter((t) => t.yaxis === 'y2').map((t) => t.name)).toEqual(['val P_MTL', 'val P_AU (F1)', 'val P_EX (F1)'])
    expect(traces.find((t) => t.name === 'val P_MTL')!.y.map((v) => Number(v!.toFixed(2)))).toEqual([0.18, 0.36, 0.54, 0.72, 0.9])
    expect(traces.map((t) => t.name)).not.toContain('val P VA')
    expect(traces.filter((t) => t.yaxis === 'y3').map((t) => t.name)).toEqual(['loss au', 'loss expr', 'loss va'])
    expect((fig.layout as Record<string, { title?: { text: string } }>).yaxis2.title?.text).toBe('val P (F1)')
    expect((fig.layout.shapes ?? []).map((s) => s.x0)).toEqual([2.5, 4.5])
    expect((fig.layout.annotations ?? []).map((a) => a.text)).toEqual(['AU', 'expression', 'V/A'])
  })

  it('names an AEG-CD-SZ run’s progressive phases Disc → AEG-CD → AEG-CD-SZ', () => {
    const l = { cd_adv: 0, cd_afc: 1, g_adv: 0, g_afc: 0, g_rec: 0, total_cd: 1, total_g: 0 }
    const epochs = [e(1, { ccc_mean: 0.1, phase_index: 0 }, l), e(2, { ccc_mean: 0.2, phase_index: 1 }, l), e(3, { ccc_mean: 0.3, phase_index: 1 }, l), e(4, { ccc_mean: 0.4, phase_index: 2 }, l)]
    expect(stageSpans(epochs).map((s) => [s.label, s.first, s.last])).toEqual([['Disc', 1, 1], ['AEG-CD', 2, 3], ['AEG-CD-SZ', 4, 4]])
  })
})
