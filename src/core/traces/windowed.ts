/**
 * Windowed metric tracks: a metric (CCC by default; Lin 1989, rho_c = 2 cov(x, y) / (var x + var y + (mu_x - mu_y)^2))
 * evaluated on sliding windows of `window` frames every `hop` frames, to show where a prediction agrees with the gold
 * standard and where it does not.
 *
 * Window w covers frames [w * hop, w * hop + window); windows that would run past the end are not produced (a
 * trace shorter than one window gives an empty track). Only frames where both traces are finite enter the metric;
 * a window with fewer than `minValid` such frames (default ceil(window / 2), and never fewer than 2) is NaN, as is a
 * non-finite metric value (e.g. CCC of two constant windows).
 */
import { ccc } from '../metrics/ccc'
import { assertPositiveInt, assertSameLength, invalidArgument, type Samples } from './nan-utils'

/** Any metric of two equal-length all-finite sequences. */
export type TrackMetric = (x: Float64Array, y: Float64Array) => number

export interface WindowedOptions {
  /** Window length in frames. */
  readonly window: number
  /** Step between window starts in frames (default window, i.e. no overlap). */
  readonly hop?: number
  /** Minimum number of frames with both values finite (default max(2, ceil(window / 2))). */
  readonly minValid?: number
  /** The metric (default CCC from core/metrics). */
  readonly metric?: TrackMetric
}

export interface MetricTrack {
  /** First frame of each window. */
  readonly starts: Int32Array
  /** Centre of each window in (fractional) frames: start + (window - 1) / 2, for plotting against time. */
  readonly centers: Float64Array
  /** Metric per window (NaN when too few valid frames). */
  readonly values: Float64Array
  /** Valid frame pairs per window. */
  readonly validCounts: Int32Array
}

/** Sliding-window metric track of `prediction` against `reference` (same frames). */
export function windowedMetric(reference: Samples, prediction: Samples, options: WindowedOptions): MetricTrack {
  assertSameLength(reference, prediction, 'reference', 'prediction')
  const { window } = options
  assertPositiveInt(window, 'window')
  const hop = options.hop ?? window
  assertPositiveInt(hop, 'hop')
  const minValid = Math.max(2, options.minValid ?? Math.ceil(window / 2))
  if (minValid > window) throw invalidArgument(`minValid (${minValid}) cannot exceed window (${window})`)
  const metric = options.metric ?? ccc
  const n = reference.length
  const count = n >= window ? Math.floor((n - window) / hop) + 1 : 0
  const starts = new Int32Array(count)
  const centers = new Float64Array(count)
  const values = new Float64Array(count).fill(NaN)
  const validCounts = new Int32Array(count)
  const bx = new Float64Array(window)
  const by = new Float64Array(window)
  for (let w = 0; w < count; w++) {
    const s = w * hop
    starts[w] = s
    centers[w] = s + (window - 1) / 2
    let m = 0
    for (let i = s; i < s + window; i++) {
      const a = reference[i]
      const b = prediction[i]
      if (Number.isFinite(a) && Number.isFinite(b)) {
        bx[m] = a
        by[m] = b
        m++
      }
    }
    validCounts[w] = m
    if (m < minValid) continue
    const v = metric(bx.subarray(0, m), by.subarray(0, m))
    if (Number.isFinite(v)) values[w] = v
  }
  return { starts, centers, values, validCounts }
}

/** {@link windowedMetric} with CCC. */
export function windowedCcc(reference: Samples, prediction: Samples, options: Omit<WindowedOptions, 'metric'>): MetricTrack {
  return windowedMetric(reference, prediction, { ...options, metric: ccc })
}
