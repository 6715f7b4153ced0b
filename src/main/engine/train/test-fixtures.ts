/** Shared fixtures of the engine's training tests: a tiny ANCLaF config and a synthetic FrameSet. */
import { anclafConfig, type AnclafConfig, type AnclafOverrides } from '../models/anclaf/config'
import type { FrameSet } from './frame-set'

export function tinyConfig(o: AnclafOverrides = {}): AnclafConfig {
  return anclafConfig('compact', {
    g: { widths: [4, 8], resBlocks: 2, resConvs: 3 },
    d: { widths: [4, 8, 8, 8], qHeadChannels: 4, leak: 0.2 },
    c: { widths: [8, 8, 8, 8], fcHidden: 8, leak: 0.2 },
    batch: 4,
    frameStride: 1,
    evalStride: 1,
    ...o
  })
}

/** `count` 64² crops whose brightness encodes valence (so a model can learn something), labels on [−10, 10]. */
export function syntheticSet(count: number, seed = 1, size = 64): FrameSet {
  let s = seed >>> 0
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
  const crops = new Uint8Array(count * size * size * 3)
  const valence = new Float32Array(count)
  const arousal = new Float32Array(count)
  for (let i = 0; i < count; i++) {
    valence[i] = rnd() * 20 - 10
    arousal[i] = rnd() * 20 - 10
    const base = Math.round(((valence[i] + 10) / 20) * 200) + 20
    crops.fill(base, i * size * size * 3, (i + 1) * size * size * 3)
  }
  return { size, count, crops, valence, arousal, degraded: Uint8Array.from({ length: count }, (_, i) => i % 2) }
}
