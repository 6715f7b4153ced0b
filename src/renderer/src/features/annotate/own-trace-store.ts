/**
 * The annotator's own trace held in the page as two Float32Arrays (NaN = not rated), updated instantly by live
 * samples and reloaded from main after edits/undo. Components subscribe to `version`.
 */
import { useSyncExternalStore } from 'react'
import type { RateSample } from '../../../../shared/annotation'
import type { TraceData } from '../../../../shared/domain'

export interface ValueStore {
  readonly valence: Float32Array
  readonly arousal: Float32Array
  version(): number
  subscribe(l: () => void): () => void
  /** Replaces frames with the given points (frames of the range without a point become NaN). */
  load(data: TraceData, fromFrame?: number, toFrame?: number): void
  applySamples(samples: readonly RateSample[]): void
}

export function createValueStore(frameCount: number): ValueStore {
  const valence = new Float32Array(frameCount).fill(NaN)
  const arousal = new Float32Array(frameCount).fill(NaN)
  let v = 0
  const ls = new Set<() => void>()
  const bump = () => {
    v++
    ls.forEach((l) => l())
  }
  return {
    valence,
    arousal,
    version: () => v,
    subscribe(l) {
      ls.add(l)
      return () => ls.delete(l)
    },
    load(data, fromFrame = 0, toFrame = frameCount - 1) {
      valence.fill(NaN, fromFrame, toFrame + 1)
      arousal.fill(NaN, fromFrame, toFrame + 1)
      data.frames.forEach((f, i) => {
        if (f < 0 || f >= frameCount) return
        valence[f] = data.valence[i] ?? NaN
        arousal[f] = data.arousal[i] ?? NaN
      })
      bump()
    },
    applySamples(samples) {
      for (const [f, sv, sa] of samples) {
        if (f < 0 || f >= frameCount) continue
        if (sv !== null) valence[f] = sv
        if (sa !== null) arousal[f] = sa
      }
      bump()
    }
  }
}

export function useStoreVersion(s: ValueStore): number {
  return useSyncExternalStore(s.subscribe, s.version, s.version)
}
