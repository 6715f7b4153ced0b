/**
 * Data of the review workspace (faces over a frame range, spectrogram ranges, waveform peaks, timestamps, facts).
 * Plain JSON-safe data: per-frame arrays travel as base64 of little-endian typed arrays (float32 keeps NaN = gap,
 * which JSON numbers could not carry), so a 1-hour session is fetched in ranges, never as one message.
 */

/** Faces of one track over frames [fromFrame, toFrame]. */
export interface FaceRange {
  readonly sessionId: string
  readonly track: string
  readonly detector: string
  readonly fromFrame: number
  /** Inclusive; clamped to the video's last frame. */
  readonly toFrame: number
  /** Frames of the whole video (not of this range). */
  readonly frameCount: number
  /** base64 float32, (toFrame-fromFrame+1) × 68 × 2 (x, y display pixels); NaN = no face. */
  readonly landmarks: string
  /** base64 float32, n × 4 (x, y, w, h). */
  readonly boxes: string
  /** base64 float32, n; NaN = no face. */
  readonly confidence: string
}

/** Columns [fromColumn, fromColumn + columns) of the session's mel spectrogram (the model's input settings). */
export interface SpectrogramRange {
  readonly sessionId: string
  readonly nMels: number
  readonly hop: number
  readonly sampleRate: number
  readonly nFft: number
  readonly topDb: number
  /** Time (s) of PCM sample 0: column k is centred at originSec + k·hop/sampleRate. */
  readonly originSec: number
  /** Columns of the whole spectrogram. */
  readonly totalColumns: number
  readonly fromColumn: number
  readonly columns: number
  readonly minDb: number
  readonly maxDb: number
  /** base64 uint8, time-major (data[t·nMels + m], m = 0 lowest band); dB = minDb + v/255·(maxDb − minDb). */
  readonly data: string
}

/** Waveform min/max peaks of [fromS, toS) in `buckets` equal buckets (mono, the spectrogram's clock). */
export interface AudioPeaks {
  readonly sessionId: string
  readonly fromS: number
  readonly toS: number
  readonly durationS: number
  readonly buckets: number
  /** base64 float32 per bucket; NaN past the end of the audio. */
  readonly min: string
  readonly max: string
}

export interface SessionTimestamps {
  readonly sessionId: string
  readonly frameCount: number
  /** base64 float64 presentation time of every frame (s): frame N = timestamps[N]. */
  readonly timestamps: string
}

/** What the review workspace can show for a session. */
export interface ReviewFacts {
  readonly sessionId: string
  readonly faces: { readonly track: string; readonly detector: string; readonly frameCount: number; readonly framesWithFace: number } | null
  readonly spectrogram: { readonly columns: number; readonly hop: number; readonly sampleRate: number; readonly nMels: number } | null
  readonly audioDurationS: number | null
  /** Traces of this session that come from a model run. */
  readonly modelRuns: number
  /** Model runs that stored attention weights / gates / quadrant probabilities (none until the engine stores them). */
  readonly attentionRuns: number
  /** Whether the session's video file is still where it was imported from (false: moved or deleted — relink it). */
  readonly videoFileFound: boolean
}

/** Small thumbnails of consecutive frames (PNG, base64), e.g. the frames an attention window looks at. */
export interface FrameThumbs {
  readonly sessionId: string
  readonly fromFrame: number
  readonly width: number
  readonly height: number
  readonly pngs: readonly string[]
}

/**
 * A per-frame extra stored with a prediction trace (frames × dims float32, NaN = none). Kinds written by the engine:
 * 'attention' (dims = window n: column l = weight on frame f − (n − 1) + l; the last column, the frame itself, is
 * NaN because attention is over previous states), 'gate_mean' (1: mean ZG, the weight on the visual branch),
 * 'gate_stats' (4: mean, std, min, max of ZG over units), 'quadrant_probs' (4: q1..q4).
 */
export interface TraceExtraInfo {
  readonly traceId: string
  readonly traceName: string
  readonly kind: string
  readonly dims: number
  readonly frameCount: number
}

/** Rows [fromFrame, fromFrame + rows) of a trace extra: base64 of little-endian float32, rows × dims. */
export interface TraceExtraRange {
  readonly traceId: string
  readonly kind: string
  readonly dims: number
  readonly fromFrame: number
  readonly rows: number
  readonly data: string
}

/**
 * Extra kinds of the multi-task AU / expression / V-A model (P003, `--model mtl`), stored with its prediction trace
 * (name 'MTL'; the trace itself holds V/A on [−1, 1]):
 * - 'au_probs', dims 12: per-frame probability of each AU in `ABAW_AUS` order (ANFL's cosine similarity, [0, 1]);
 * - 'expr_probs', dims 8: softmax over the cross-attention-weighted expression logits, `ABAW_EXPRESSIONS` order;
 * rows are NaN where the model gave no prediction (no face / no latent).
 */
export const ABAW_AUS = ['AU1', 'AU2', 'AU4', 'AU6', 'AU7', 'AU10', 'AU12', 'AU15', 'AU23', 'AU24', 'AU25', 'AU26'] as const
/** The 8 expression classes of ABAW's EXPR / MTL labels, in their index order (0 = Neutral … 7 = Other). */
export const ABAW_EXPRESSIONS = ['Neutral', 'Anger', 'Disgust', 'Fear', 'Happiness', 'Sadness', 'Surprise', 'Other'] as const
export const MTL_EXTRA_KINDS = { auProbs: 'au_probs', exprProbs: 'expr_probs' } as const

/**
 * Per-frame extras of an Affective Process (AP, P004) prediction trace, on the trace's [−1, 1] scale (the trace holds
 * the predictive mean ỹ^μ; NaN = no output, e.g. no face):
 * - 'va_sigma', dims 2: [σ_V, σ_A] of the frame's predictive distribution (the mixture of the overlapping windows'
 *   Gaussians). The review draws the band μ ± 2σ (≈ 95 % of a Gaussian).
 * - 'va_samples', dims 2·S: S sampled functions f_θ(x_t, z_s), z_s ~ q(z|C), interleaved per sample:
 *   column 2s = valence of sample s, 2s + 1 = its arousal (s = 0 … S − 1).
 * - 'ap_context', dims 1: fraction (0 … 1) of the windows covering the frame that selected it as a context point.
 */
export const AP_EXTRA_KINDS = { sigma: 'va_sigma', samples: 'va_samples', context: 'ap_context' } as const
/** Half-width of the AP uncertainty band in σ (μ ± 2σ). */
export const AP_BAND_SIGMAS = 2
