/**
 * The feature matrix of a session for completion (frames × d, float64): face-shape features (landmark-features.ts),
 * lightly smoothed over time to take out landmark jitter, and — when the session has a spectrogram — pooled mel
 * bands around each frame (audio-features.ts). Every column is standardised with the mean and standard deviation
 * over ALL usable frames of the session (the features of the whole session are known before any label is; only
 * the labels are limited to the annotated part). A frame is usable when every feature group it uses is finite.
 */
import { gaussianSmooth } from '../../../../core/traces/smoothing'
import { audioFeatures, DEFAULT_AUDIO_FEATURES, type SpectrogramInput } from './audio-features'
import { alignShapes, GEOMETRY_NAMES, geometryFeatures, SHAPE_DIMS } from './landmark-features'

export interface FeatureInput {
  readonly frames: number
  /** frames × 136 landmarks (display pixels), NaN without a face; null when the session has no face track. */
  readonly landmarks: Float32Array | null
  /** The session spectrogram and the video frame times (s); null without audio. */
  readonly audio: { readonly spec: SpectrogramInput; readonly frameTimes: Float64Array } | null
}

export interface FeatureOptions {
  /** Gaussian σ (frames) applied to the shape features; 0 = none. */
  readonly shapeSigma: number
  /** Add a slower copy of the shape features (σ in frames; 0 = none) as temporal context. */
  readonly contextSigma: number
  readonly useAudio: boolean
  /** Shape as all aligned coordinates, as a dozen named measures, or both. */
  readonly shape: 'coords' | 'geometry' | 'both'
}

export const DEFAULT_FEATURES: FeatureOptions = { shapeSigma: 1.5, contextSigma: 0, useAudio: true, shape: 'geometry' }

export interface FeatureMatrix {
  readonly x: Float64Array
  readonly d: number
  readonly usable: Uint8Array
  /** Which groups are in: 'shape', 'context', 'audio'. */
  readonly groups: readonly string[]
}

function smoothColumns(src: Float64Array, frames: number, dims: number, sigma: number): Float64Array {
  if (!(sigma > 0)) return src
  const out = new Float64Array(src.length)
  const col = new Float64Array(frames)
  for (let k = 0; k < dims; k++) {
    for (let f = 0; f < frames; f++) col[f] = src[f * dims + k]
    const s = gaussianSmooth(col, sigma)
    for (let f = 0; f < frames; f++) out[f * dims + k] = s[f]
  }
  return out
}

export function buildFeatures(input: FeatureInput, opts: FeatureOptions = DEFAULT_FEATURES): FeatureMatrix {
  const { frames } = input
  const blocks: Array<{ data: Float64Array; dims: number; name: string }> = []
  if (input.landmarks) {
    const { aligned } = alignShapes(input.landmarks, frames)
    if (opts.shape !== 'geometry') blocks.push({ data: smoothColumns(aligned, frames, SHAPE_DIMS, opts.shapeSigma), dims: SHAPE_DIMS, name: 'shape' })
    if (opts.shape !== 'coords') {
      const geo = geometryFeatures(aligned, frames)
      blocks.push({ data: smoothColumns(geo, frames, GEOMETRY_NAMES.length, opts.shapeSigma), dims: GEOMETRY_NAMES.length, name: 'geometry' })
      if (opts.contextSigma > 0) blocks.push({ data: smoothColumns(geo, frames, GEOMETRY_NAMES.length, opts.contextSigma), dims: GEOMETRY_NAMES.length, name: 'context' })
    }
  }
  if (input.audio && opts.useAudio) {
    const a = audioFeatures(input.audio.spec, input.audio.frameTimes, DEFAULT_AUDIO_FEATURES)
    blocks.push({ data: a.features, dims: a.dims, name: 'audio' })
  }
  const d = blocks.reduce((s, b) => s + b.dims, 0)
  const x = new Float64Array(frames * d)
  const usable = new Uint8Array(frames)
  for (let f = 0; f < frames; f++) {
    let ok = d > 0
    let o = 0
    for (const b of blocks) {
      for (let k = 0; k < b.dims; k++) {
        const v = b.data[f * b.dims + k]
        if (!Number.isFinite(v)) ok = false
        x[f * d + o + k] = v
      }
      o += b.dims
    }
    usable[f] = ok ? 1 : 0
  }
  // Standardise each column over the usable frames (a constant column becomes 0).
  for (let k = 0; k < d; k++) {
    let s = 0
    let ss = 0
    let n = 0
    for (let f = 0; f < frames; f++) {
      if (!usable[f]) continue
      const v = x[f * d + k]
      s += v
      ss += v * v
      n++
    }
    const mean = n ? s / n : 0
    const sd = n ? Math.sqrt(Math.max(0, ss / n - mean * mean)) : 0
    for (let f = 0; f < frames; f++) x[f * d + k] = usable[f] ? (sd > 1e-12 ? (x[f * d + k] - mean) / sd : 0) : NaN
  }
  return { x, d, usable, groups: blocks.map((b) => b.name) }
}
