import { describe, expect, it } from 'vitest'
import type { SessionInference } from '../../engine/models/sequence/infer'
import { attentionExtra, attentionRows, frameConditions, sequenceExtras } from './sequence-extras'

const inf = (o: Partial<SessionInference> = {}): SessionInference => ({
  frames: 4,
  n: 3,
  lags: 2,
  valence: Float32Array.of(0.1, 0.2, NaN, 0.4),
  arousal: Float32Array.of(0, 0, NaN, 0),
  quadrantProbs: null,
  // engine layout: row f, column j = weight on frame f − 2 + j (NaN before the session start, 0 on missing frames)
  attention: Float32Array.of(NaN, NaN, NaN, 1, 0.3, 0.7, 0, 1),
  gateMean: Float32Array.of(0.5, 0.6, NaN, 0.7),
  gateStats: new Float32Array(16),
  gateUnitMean: null,
  gateUnitStd: null,
  ...o
})

describe('sequence extras in the stored conventions', () => {
  it("attention: dims = n, column l = frame f − (n − 1) + l, the frame's own column NaN, rows without a prediction all NaN", () => {
    const a = attentionExtra(inf())!
    const rows = [...a].map((x) => (Number.isNaN(x) ? null : x))
    expect(rows).toEqual([null, null, null, null, 1, null, null, null, null, 0, 1, null])
    expect(attentionRows(a, 4, 3)).toEqual([null, [NaN, 1, NaN], null, [0, 1, NaN]])
    expect(attentionExtra(inf({ attention: null }))).toBeNull()
  })

  it('lists attention, gate_mean, gate_stats (and quadrant_probs when present) with their dims', () => {
    expect(sequenceExtras(inf()).map((e) => [e.kind, e.dims, e.data.length])).toEqual([
      ['attention', 3, 12],
      ['gate_mean', 1, 4],
      ['gate_stats', 4, 16]
    ])
    expect(sequenceExtras(inf({ attention: null, gateMean: null, gateStats: null, quadrantProbs: new Float32Array(16) })).map((e) => e.kind)).toEqual(['quadrant_probs'])
  })

  it('frame conditions from the manifest segments', () => {
    expect(frameConditions(6, [{ start: 1, end: 3 }], [{ start: 2, end: 5 }, { start: 9, end: 12 }])).toEqual(['clean', 'video-degraded', 'both', 'audio-degraded', 'audio-degraded', 'clean'])
  })
})
