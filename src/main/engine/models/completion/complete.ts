/**
 * Completing a session ("Ctrl+L", as in NOVA's cooperative machine learning): from the frames of one annotation
 * trace that have values, learn per dimension a map from the session's own per-frame features to the rating, and
 * propose every frame that has no value yet, with a per-frame confidence.
 *
 * Method 'ridge-ensemble' (the default and, for now, the only one):
 * 1. features (features.ts): the 68 landmarks normalised by a similarity Procrustes fit on rigid points, minus the
 *    session's mean shape, smoothed over ~1.5 frames; plus pooled mel bands around each frame when there is audio;
 *    standardised over the whole session.
 * 2. per dimension (valence, arousal — each only where the annotation has that dimension): λ by blocked
 *    cross-validation on the annotated frames, then `members` ridge models on block-bootstrap resamples
 *    (ensemble.ts).
 * 3. proposal = members' mean, confidence = members' standard deviation, both smoothed with a Gaussian of
 *    `smoothSigma` frames (within each run of proposed frames) and the proposal clipped to [−1, 1].
 *
 * Annotated frames get NaN in the proposal (the proposal holds only what the model adds; the annotator's values stay
 * in their own trace), as do frames without usable features (no face).
 */
import { gaussianSmooth } from '../../../../core/traces/smoothing'
import type { CompletionMethod } from '../../../../shared/completion'
import { fitEnsemble, predictEnsemble, DEFAULT_LAMBDAS, type EnsembleOptions } from './ensemble'
import { buildFeatures, DEFAULT_FEATURES, type FeatureInput, type FeatureOptions } from './features'

export interface CompletionOptions {
  readonly method: CompletionMethod
  /** Ensemble members (1 = a single ridge model, confidence 0). */
  readonly members: number
  readonly seed: number
  /** Output smoothing σ in frames (0 = none). */
  readonly smoothSigma: number
  readonly features: FeatureOptions
  readonly ensemble: Pick<EnsembleOptions, 'lambdas' | 'cvFolds'> & { readonly blockSeconds: number }
}

export const DEFAULT_COMPLETION: CompletionOptions = {
  method: 'ridge-ensemble',
  members: 5,
  seed: 1,
  smoothSigma: 2,
  features: DEFAULT_FEATURES,
  ensemble: { lambdas: DEFAULT_LAMBDAS, cvFolds: 5, blockSeconds: 1 }
}

export interface CompletionInput extends FeatureInput {
  readonly fps: number
  /** The annotation (frames long; NaN = not rated). */
  readonly valence: Float32Array
  readonly arousal: Float32Array
}

export interface DimensionReport {
  /** Annotated frames used for training (with usable features). */
  readonly trainFrames: number
  /** Frames proposed. */
  readonly proposedFrames: number
  readonly lambda: number | null
  readonly cvMse: number | null
}

export interface CompletionResult {
  /** Proposal per frame (NaN where annotated, without features, or the dimension was never annotated). */
  readonly valence: Float32Array
  readonly arousal: Float32Array
  /** frames × 2: std of V and of A across members (NaN where no proposal). */
  readonly confidence: Float32Array
  readonly featureDims: number
  readonly featureGroups: readonly string[]
  readonly report: { readonly valence: DimensionReport; readonly arousal: DimensionReport }
}

export class CompletionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CompletionError'
  }
}

/** Minimum annotated frames (with features) needed to fit a dimension. */
export const MIN_TRAIN_FRAMES = 10

function completeDimension(
  x: Float64Array,
  d: number,
  usable: Uint8Array,
  target: Float32Array,
  opts: CompletionOptions,
  fps: number,
  seed: number,
  out: Float32Array,
  std: Float32Array,
  col: number
): DimensionReport {
  const frames = target.length
  const rows: number[] = []
  for (let f = 0; f < frames; f++) if (usable[f] && Number.isFinite(target[f])) rows.push(f)
  const anyAnnotated = target.some((v) => Number.isFinite(v))
  if (!anyAnnotated) return { trainFrames: 0, proposedFrames: 0, lambda: null, cvMse: null }
  if (rows.length < MIN_TRAIN_FRAMES) {
    throw new CompletionError(`only ${rows.length} annotated frame(s) have face/audio features; at least ${MIN_TRAIN_FRAMES} are needed to learn from`)
  }
  const fit = fitEnsemble(x, d, target, rows, {
    members: opts.members,
    seed,
    blockFrames: Math.max(1, Math.round(opts.ensemble.blockSeconds * fps)),
    lambdas: opts.ensemble.lambdas,
    cvFolds: opts.ensemble.cvFolds
  })
  const mean = new Float64Array(frames).fill(NaN)
  const sd = new Float64Array(frames).fill(NaN)
  let proposed = 0
  for (let f = 0; f < frames; f++) {
    if (!usable[f] || Number.isFinite(target[f])) continue
    const p = predictEnsemble(fit, x, d, f)
    mean[f] = p.mean
    sd[f] = p.std
    proposed++
  }
  const m = opts.smoothSigma > 0 ? gaussianSmooth(mean, opts.smoothSigma) : mean
  const s = opts.smoothSigma > 0 ? gaussianSmooth(sd, opts.smoothSigma) : sd
  for (let f = 0; f < frames; f++) {
    out[f] = Number.isFinite(m[f]) ? Math.max(-1, Math.min(1, m[f])) : NaN
    std[f * 2 + col] = Number.isFinite(m[f]) ? s[f] : NaN
  }
  return { trainFrames: rows.length, proposedFrames: proposed, lambda: fit.lambda, cvMse: Number.isFinite(fit.cvMse) ? fit.cvMse : null }
}

/** Proposes the un-annotated frames of a session; `onProgress(done, total)` over the two dimensions. */
export function completeSession(input: CompletionInput, opts: CompletionOptions = DEFAULT_COMPLETION, onProgress?: (done: number, total: number) => void): CompletionResult {
  const { frames } = input
  if (input.valence.length !== frames || input.arousal.length !== frames) throw new CompletionError(`the annotation has ${input.valence.length} frames, the session ${frames}`)
  if (!(opts.members >= 1 && opts.members <= 50)) throw new CompletionError(`ensemble size ${opts.members} is not in [1, 50]`)
  const fm = buildFeatures(input, opts.features)
  if (fm.d === 0) throw new CompletionError('the session has neither a face track nor a spectrogram: there are no per-frame features to learn from')
  onProgress?.(1, 3)
  const valence = new Float32Array(frames).fill(NaN)
  const arousal = new Float32Array(frames).fill(NaN)
  const confidence = new Float32Array(frames * 2).fill(NaN)
  const v = completeDimension(fm.x, fm.d, fm.usable, input.valence, opts, input.fps, opts.seed, valence, confidence, 0)
  onProgress?.(2, 3)
  const a = completeDimension(fm.x, fm.d, fm.usable, input.arousal, opts, input.fps, opts.seed + 1, arousal, confidence, 1)
  onProgress?.(3, 3)
  if (v.trainFrames === 0 && a.trainFrames === 0) throw new CompletionError('the annotation has no rated frame to learn from')
  return { valence, arousal, confidence, featureDims: fm.d, featureGroups: fm.groups, report: { valence: v, arousal: a } }
}
