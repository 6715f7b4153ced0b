/**
 * Parameters of the session mel spectrogram (AViGaS-NET audio input, thesis ch. 7, T:L1904).
 *
 * The thesis states only: librosa, 22 050 Hz, 128 mel bands, power converted to dB relative to the maximum,
 * computed over the whole file, a 128-column crop centred on each frame's timestamp, replicated to 3 channels.
 * Everything else below is NOT given by the thesis; these are librosa's defaults (librosa 0.10):
 *
 * - `nFft` 2048, `hopLength` 512 (= nFft / 4), `win_length` = nFft;
 * - window: periodic Hann, `scipy.signal.get_window('hann', nFft, fftbins=True)`;
 * - `center=True`: the signal is padded by nFft / 2 on both sides, so column k is centred on sample k·hop,
 *   i.e. at time k·hop / sr; frame count T = 1 + floor(samples / hop);
 * - `padMode` 'constant' (zeros): librosa ≥ 0.10's default. librosa < 0.10 used 'reflect', which is available
 *   as an option and only changes the first and last ~2 columns;
 * - power 2 (|STFT|²);
 * - mel filterbank: Slaney / Auditory-Toolbox mel scale (`htk=False`), Slaney area normalisation
 *   (`norm='slaney'`: each triangle scaled by 2 / (f[i+2] − f[i])), fmin 0 Hz, fmax sr / 2;
 * - dB: `power_to_db(S, ref=np.max, amin=1e-10, top_db=80.0)`, over the whole file, so the stored maximum is
 *   0 dB and every value lies in [−80, 0].
 *
 * Computation is float64 throughout (window, FFT, power, mel projection, log); only the stored dB values are
 * float32 (≤ 80 · 2⁻²⁴ ≈ 4.8e-6 dB rounding).
 */
export type PadMode = 'constant' | 'reflect'

export interface MelParams {
  /** Sample rate in Hz (thesis: 22 050). */
  readonly sampleRate: number
  /** FFT size; must be a power of two (librosa default 2048). */
  readonly nFft: number
  /** Hop in samples (librosa default nFft / 4 = 512). */
  readonly hopLength: number
  /** Number of mel bands (thesis: 128). */
  readonly nMels: number
  /** Dynamic range kept below the maximum, in dB (librosa default 80). */
  readonly topDb: number
  /** Padding for `center=True` (librosa ≥ 0.10 default 'constant'). */
  readonly padMode: PadMode
}

/** Fixed, not parameterised (librosa defaults): power 2, fmin 0, fmax sr/2, amin 1e-10, ref = max. */
export const MEL_AMIN = 1e-10

export const DEFAULT_MEL_PARAMS: MelParams = Object.freeze({
  sampleRate: 22_050,
  nFft: 2048,
  hopLength: 512,
  nMels: 128,
  topDb: 80,
  padMode: 'constant'
})

export function resolveMelParams(overrides: Partial<MelParams> = {}): MelParams {
  return Object.freeze({ ...DEFAULT_MEL_PARAMS, ...overrides })
}

/**
 * A whole-session mel spectrogram in dB.
 *
 * Layout: **frame-major** (time-major), `data[t * nMels + m]` = dB of mel band m (0 = lowest frequency) at
 * column t — i.e. numpy's `S_db.T` in C order. Each column's 128 values are contiguous, so a 128-column
 * window is one contiguous block.
 */
export interface MelSpectrogram {
  readonly params: MelParams
  /** Number of columns T. */
  readonly frames: number
  readonly data: Float32Array
  /** Largest stored value (0 with ref = max, unless the input was empty). */
  readonly maxDb: number
  /** Smallest stored value (maxDb − topDb whenever the dynamic range exceeds topDb). */
  readonly minDb: number
  /** Presentation time (s) of sample 0 of the analysed audio; column k is centred at originSec + k·hop/sr. */
  readonly originSec: number
}

export function describeParams(p: MelParams): string {
  return `sr ${p.sampleRate}, n_fft ${p.nFft}, hop ${p.hopLength}, n_mels ${p.nMels}, top_db ${p.topDb}, pad ${p.padMode}`
}

/** The parameters of a stored spectrogram row (columns + params JSON; missing or odd JSON fields fall back to the defaults). */
export function melParamsFromStored(row: { sampleRate: number; hop: number; nMels: number; params: Record<string, unknown> }): MelParams {
  const p = row.params
  return {
    sampleRate: row.sampleRate,
    hopLength: row.hop,
    nMels: row.nMels,
    nFft: typeof p.nFft === 'number' ? p.nFft : DEFAULT_MEL_PARAMS.nFft,
    topDb: typeof p.topDb === 'number' ? p.topDb : DEFAULT_MEL_PARAMS.topDb,
    padMode: p.padMode === 'reflect' ? 'reflect' : 'constant'
  }
}
