import { describe, expect, it } from 'vitest'
import { frameOf, strokeToValues, valueOf, viewWindow, xOf, yOf, type PlotGeom } from './edit-plot'

const g: PlotGeom = { width: 220, height: 120, from: 0, to: 100, padX: 10, padY: 10 }

describe('correction plot geometry', () => {
  it('maps frames and values to pixels and back', () => {
    expect(xOf(g, 0)).toBe(10)
    expect(xOf(g, 100)).toBe(210)
    expect(frameOf(g, 110)).toBe(50)
    expect(frameOf(g, -50)).toBe(0)
    expect(yOf(g, 1)).toBe(10)
    expect(yOf(g, -1)).toBe(110)
    expect(valueOf(g, 60)).toBe(0)
    expect(valueOf(g, 0)).toBe(1)
  })
  it('turns a stroke into one value per frame, the last crossing winning, untouched frames null', () => {
    const v = strokeToValues(
      [
        { frame: 2, value: 0 },
        { frame: 4, value: 1 },
        { frame: 3, value: -1 }
      ],
      0,
      6
    )
    expect(v).toEqual([null, null, 0, -1, 1, null, null])
    expect(strokeToValues([{ frame: 1, value: 2 }], 0, 2)).toEqual([null, 1, null])
    expect(strokeToValues([{ frame: -5, value: 0 }, { frame: 5, value: 1 }], 0, 2)).toEqual([0.5, 0.6, 0.7].map((x) => expect.closeTo(x, 10)))
  })
  it('windows the view around the playhead inside the session', () => {
    expect(viewWindow(300, 150, null)).toEqual([0, 299])
    expect(viewWindow(300, 150, 100)).toEqual([100, 199])
    expect(viewWindow(300, 10, 100)).toEqual([0, 99])
    expect(viewWindow(300, 295, 100)).toEqual([200, 299])
    expect(viewWindow(50, 10, 100)).toEqual([0, 49])
  })
})

describe('history folding', () => {
  it('folds consecutive batches of one pass, not other edits or other passes', async () => {
    const { foldRateBatches } = await import('./Provenance')
    const e = (id: number, kind: 'rate' | 'reject', passId: string | null, from: number, to: number) => ({
      id,
      traceId: 't',
      seq: id,
      kind,
      fromFrame: from,
      toFrame: to,
      params: {},
      authorType: 'annotator' as const,
      authorId: 'a',
      passId,
      createdAt: '2026-01-01T00:00:00Z',
      undone: false
    })
    const rows = foldRateBatches([e(5, 'rate', 'p2', 20, 25), e(4, 'rate', 'p2', 14, 19), e(3, 'rate', 'p1', 8, 13), e(2, 'reject', null, 0, 3), e(1, 'rate', 'p1', 0, 7)])
    expect(rows.map((r) => [r.edit.id, r.batches, r.fromFrame, r.toFrame])).toEqual([
      [5, 2, 14, 25],
      [3, 1, 8, 13],
      [2, 1, 0, 3],
      [1, 1, 0, 7]
    ])
  })
})
