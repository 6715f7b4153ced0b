import { describe, expect, it } from 'vitest'
import type { SignalRun } from '../model-signals'
import { activeAus, affectRuns, auHeatPixels, currentExpression, expressionStack, type FrameMatrix } from './affect-tracks-data'

const run = (traceId: string, kinds: string[]): SignalRun => ({ traceId, name: traceId, kinds: new Map(kinds.map((k) => [k, { dims: 1, frameCount: 1 }])) })

describe('AU / expression tracks data', () => {
  it('keeps only runs with AU or expression probabilities', () => {
    expect(affectRuns([run('a', ['attention']), run('m', ['au_probs', 'expr_probs']), run('e', ['expr_probs'])]).map((r) => r.traceId)).toEqual(['m', 'e'])
  })
  it('AU heat strip: one column per frame, AU1 on top, a fixed 0…1 scale, NaN transparent', () => {
    const values = new Float32Array(3 * 12).fill(0)
    values[1 * 12 + 0] = 1 // frame 1, AU1
    values.fill(NaN, 2 * 12, 3 * 12) // frame 2: no prediction
    const img = auHeatPixels({ frames: 3, dims: 12, values }, 0, 3)
    expect([img.width, img.height]).toEqual([3, 12])
    const px = (x: number, y: number) => Array.from(img.pixels.subarray((y * 3 + x) * 4, (y * 3 + x) * 4 + 4))
    expect(px(1, 0)).toEqual([253, 231, 37, 255]) // p = 1 → viridis' yellow, whatever the other values
    expect(px(0, 0)).toEqual([68, 1, 84, 255]) // p = 0 → viridis' purple
    expect(px(2, 5)[3]).toBe(0)
    expect(auHeatPixels({ frames: 3, dims: 12, values }, 2, 10).width).toBe(1)
  })
  it('expression strip stacks the 8 probabilities; the current class and active AUs are read at the playhead', () => {
    const ex: FrameMatrix = { frames: 2, dims: 8, values: Float32Array.from([0.1, 0, 0, 0, 0.6, 0.3, 0, 0, ...new Array(8).fill(NaN)]) }
    const stack = expressionStack(ex, 0, 2)
    expect(stack[1]).toBeNull()
    expect(stack[0]![4][0]).toBeCloseTo(0.1, 6)
    expect(stack[0]![4][1]).toBeCloseTo(0.7, 6)
    expect(stack[0]![7][1]).toBeCloseTo(1, 6)
    expect(currentExpression(ex, 0)).toEqual({ index: 4, name: 'Happiness', p: Math.fround(0.6) })
    expect(currentExpression(ex, 1)).toBeNull()
    const au: FrameMatrix = { frames: 1, dims: 12, values: Float32Array.from([0.7, 0.2, 0, 0, 0, 0, 0.9, 0, 0, 0, 0.5, 0]) }
    expect(activeAus(au, 0).map((a) => a.name)).toEqual(['AU12', 'AU1', 'AU25'])
    expect(activeAus(au, 3)).toEqual([])
  })
})
