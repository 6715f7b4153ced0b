/** Trace algebra: frame/time mapping, resampling, lag, smoothing, gold-standard fusion, windowed metrics, ranges. */
export { countValid, nanMean, nanMedian, medianInterval, validPairs, type Samples } from './nan-utils'
export {
  TIME_EPSILON,
  NTSC_FPS,
  frameAtTime,
  timeOfFrame,
  clampFrame,
  frameDurations,
  estimateFrameRate,
  framesInInterval,
  validateTimestamps,
  frameAtTimeConstant,
  timeOfFrameConstant,
  constantTimestamps
} from './frame-time'
export {
  uniformTrace,
  resampleTrace,
  binAverage,
  type TimedTrace,
  type ResampleMethod,
  type ResampleOptions,
  type ResampleResult,
  type Coverage,
  type BinAverageOptions,
  type BinAverageResult
} from './resample'
export {
  estimateLag,
  shiftTrace,
  correctLag,
  correctLagSeconds,
  shiftTimes,
  type PairMetric,
  type LagOptions,
  type LagEstimate
} from './lag'
export { movingAverage, gaussianSmooth, zeroPhaseExponential, alphaFromTimeConstant } from './smoothing'
export { dtwBanded, type DtwPath } from './dtw'
export {
  fuseMean,
  fuseEwe,
  eweWeights,
  weightedFrameMean,
  type FusionMethod,
  type FusionRecipe,
  type FusionResult,
  type MeanOptions,
  type EweWeights
} from './fusion'
export { fuseDba, type DbaOptions } from './dba'
export { fuseTraces, type FusionSpec } from './gold-standard'
export { windowedMetric, windowedCcc, type TrackMetric, type WindowedOptions, type MetricTrack } from './windowed'
export { rescale, rescaleValue, RANGE_SIGNED_UNIT, RANGE_AFEW_VA, RANGE_UNIT, type ValueRange } from './normalise'
