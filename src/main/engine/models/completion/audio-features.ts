/**
 * Per-frame audio features for session completion: the session's mel spectrogram (dB, frame-major, as cached at
 * import) pooled to a few bands and averaged over a short window around each video frame's timestamp.
 *
 * Bands: the mel bands split into `bands` equal groups (mel is already perceptually spaced), mean dB per group,
 * plus the mean over all bands (loudness). Window: the columns whose centres lie within ±`halfWindowS` of the
 * frame time (at least the nearest column). Frames outside the audio get NaN.
 */

export interface SpectrogramInput {
  /** columns × nMels, dB. */
  readonly data: Float32Array
  readonly columns: number
  readonly nMels: number
  /** Column k is centred at originSec + k·hopS. */
  readonly originSec: number
  readonly hopS: number
}

export interface AudioFeatureOptions {
  readonly bands: number
  readonly halfWindowS: number
}

export const DEFAULT_AUDIO_FEATURES: AudioFeatureOptions = { bands: 8, halfWindowS: 0.2 }

/** frames × (bands + 1) pooled dB; NaN rows where the frame time is outside the spectrogram. */
export function audioFeatures(spec: SpectrogramInput, frameTimes: ArrayLike<number>, opts: AudioFeatureOptions = DEFAULT_AUDIO_FEATURES): { features: Float64Array; dims: number } {
  const bands = Math.max(1, Math.min(opts.bands, spec.nMels))
  const dims = bands + 1
  const frames = frameTimes.length
  const out = new Float64Array(frames * dims).fill(NaN)
  if (spec.columns === 0 || !(spec.hopS > 0)) return { features: out, dims }
  // Column sums per band (prefix sums over columns make each window O(bands)).
  const prefix = new Float64Array((spec.columns + 1) * dims)
  for (let c = 0; c < spec.columns; c++) {
    const base = c * spec.nMels
    let all = 0
    for (let b = 0; b < bands; b++) {
      const m0 = Math.floor((b * spec.nMels) / bands)
      const m1 = Math.floor(((b + 1) * spec.nMels) / bands)
      let s = 0
      for (let m = m0; m < m1; m++) s += spec.data[base + m]
      all += s
      prefix[(c + 1) * dims + b] = prefix[c * dims + b] + s / Math.max(1, m1 - m0)
    }
    prefix[(c + 1) * dims + bands] = prefix[c * dims + bands] + all / spec.nMels
  }
  const end = spec.originSec + (spec.columns - 1) * spec.hopS
  for (let f = 0; f < frames; f++) {
    const t = frameTimes[f]
    if (!Number.isFinite(t) || t < spec.originSec - spec.hopS || t > end + spec.hopS) continue
    const centre = Math.round((t - spec.originSec) / spec.hopS)
    const half = Math.max(0, Math.floor(opts.halfWindowS / spec.hopS))
    const c0 = Math.max(0, Math.min(spec.columns - 1, centre - half))
    const c1 = Math.max(c0, Math.min(spec.columns - 1, centre + half))
    const n = c1 - c0 + 1
    for (let k = 0; k < dims; k++) out[f * dims + k] = (prefix[(c1 + 1) * dims + k] - prefix[c0 * dims + k]) / n
  }
  return { features: out, dims }
}
