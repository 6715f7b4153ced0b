/**
 * The 25 eGeMAPSv02 low-level descriptors (Eyben et al. 2016; openSMILE config/egemaps/v02, core from
 * config/gemaps/v01b), in openSMILE's LLD output order, on 16 kHz mono PCM. Frame i starts at sample i·step
 * (10 ms). F0, jitter, shimmer, HNR, H1-H2, H1-A3 and the formant amplitudes use 60 ms Gaussian (σ 0.4) frames;
 * loudness, alpha ratio, Hammarberg, slopes, flux, MFCC and the LPC formants use the short Hamming frame.
 * NOTE on the short frame: openSMILE's section is named "frame25" but sets frameSize = 0.020 (GeMAPSv01b core,
 * reused by eGeMAPSv02); we follow the config (20 ms) by default; `shortFrameSec: 0.025` gives the 25 ms that the
 * name (and the issue) suggest.
 * Smoothing (`sma3`, default on): a 3-frame moving average as openSMILE's cContourSmoother — "sma3" descriptors
 * plainly (edges average the frames that exist), "sma3nz" descriptors (the F group) over non-zero neighbours only,
 * a zero value staying zero. See spectral.ts, voice.ts and formants.ts for each definition and every deviation.
 */
import { frameAt, SpectrumPlan } from './frames'
import { lpcFormants } from './formants'
import { htkMelBank, spectralLlds, type MelBank } from './spectral'
import { AcfPlan, harmonicLlds, hnrDb, jitterShimmer, semitoneFrom27_5 } from './voice'

export const EGEMAPS_LLD_NAMES = [
  'Loudness_sma3',
  'alphaRatio_sma3',
  'hammarbergIndex_sma3',
  'slope0-500_sma3',
  'slope500-1500_sma3',
  'spectralFlux_sma3',
  'mfcc1_sma3',
  'mfcc2_sma3',
  'mfcc3_sma3',
  'mfcc4_sma3',
  'F0semitoneFrom27.5Hz_sma3nz',
  'jitterLocal_sma3nz',
  'shimmerLocaldB_sma3nz',
  'HNRdBACF_sma3nz',
  'logRelF0-H1-H2_sma3nz',
  'logRelF0-H1-A3_sma3nz',
  'F1frequency_sma3nz',
  'F1bandwidth_sma3nz',
  'F1amplitudeLogRelF0_sma3nz',
  'F2frequency_sma3nz',
  'F2bandwidth_sma3nz',
  'F2amplitudeLogRelF0_sma3nz',
  'F3frequency_sma3nz',
  'F3bandwidth_sma3nz',
  'F3amplitudeLogRelF0_sma3nz'
] as const

export type LldName = (typeof EGEMAPS_LLD_NAMES)[number]
export const LLD_COUNT = EGEMAPS_LLD_NAMES.length
/** Column of a descriptor in an LLD row. */
export const lldIndex = (name: LldName): number => EGEMAPS_LLD_NAMES.indexOf(name)
/** Columns 10… are "sma3nz" (smoothed over non-zero values). */
const FIRST_NZ = 10

export interface LldOptions {
  readonly sampleRate?: number
  /** Default 0.010 s. */
  readonly stepSec?: number
  /** Default 0.060 s (F0 group). */
  readonly longFrameSec?: number
  /** Default 0.020 s (openSMILE's actual frameSize; see the header). */
  readonly shortFrameSec?: number
  /** Default true. */
  readonly sma3?: boolean
}

/** Reusable plans (FFTs, windows, mel bank) for one set of options. */
export class LldExtractor {
  readonly sampleRate: number
  readonly step: number
  readonly longLen: number
  readonly shortLen: number
  readonly sma3: boolean
  private readonly longPlan: SpectrumPlan
  private readonly shortPlan: SpectrumPlan
  private readonly acf: AcfPlan
  private readonly bank: MelBank

  constructor(o: LldOptions = {}) {
    this.sampleRate = o.sampleRate ?? 16000
    this.step = Math.round((o.stepSec ?? 0.01) * this.sampleRate)
    this.longLen = Math.round((o.longFrameSec ?? 0.06) * this.sampleRate)
    this.shortLen = Math.round((o.shortFrameSec ?? 0.02) * this.sampleRate)
    this.sma3 = o.sma3 ?? true
    this.longPlan = new SpectrumPlan(this.longLen, this.sampleRate, 'gauss')
    this.shortPlan = new SpectrumPlan(this.shortLen, this.sampleRate, 'hamming')
    this.acf = new AcfPlan(this.longLen, this.sampleRate, this.longPlan.window)
    this.bank = htkMelBank(this.shortPlan.bins, this.shortPlan.binHz)
  }

  /** Unsmoothed LLD row of the frames starting at sample `start` (out: length 25). */
  rawFrame(pcm: Float32Array, start: number, out: Float32Array = new Float32Array(LLD_COUNT)): Float32Array {
    const short = frameAt(pcm, start, this.shortLen)
    const prev = frameAt(pcm, start - this.step, this.shortLen)
    const mag = this.shortPlan.magnitude(short)
    const prevMag = start - this.step + this.shortLen > 0 ? this.shortPlan.magnitude(prev) : null
    const s = spectralLlds(mag, prevMag, this.shortPlan, this.bank)
    const long = frameAt(pcm, start, this.longLen)
    const pitch = this.acf.pitch(long)
    const power = Float64Array.from(mag, (m) => m * m)
    const formants = lpcFormants(power, this.shortPlan.binHz)
    const js = jitterShimmer(long, pitch.f0, this.sampleRate)
    const h = harmonicLlds(this.longPlan.magnitude(long), this.longPlan, pitch.f0, formants)
    const v = [
      s.loudness,
      s.alphaRatio,
      s.hammarbergIndex,
      s.slope0500,
      s.slope5001500,
      s.spectralFlux,
      ...s.mfcc,
      semitoneFrom27_5(pitch.f0),
      js.jitter,
      js.shimmer,
      hnrDb(pitch.r, pitch.rms),
      h.h1h2,
      h.h1a3,
      formants[0].freq,
      formants[0].bw,
      h.formantAmps[0],
      formants[1].freq,
      formants[1].bw,
      h.formantAmps[1],
      formants[2].freq,
      formants[2].bw,
      h.formantAmps[2]
    ]
    for (let i = 0; i < LLD_COUNT; i++) out[i] = Number.isFinite(v[i]) ? v[i] : 0
    return out
  }

  /** LLD rows of the frames starting at `first + k·step`, k = 0 … count−1 (smoothed when sma3). */
  framesAt(pcm: Float32Array, first: number, count: number): Float32Array {
    const pad = this.sma3 ? 1 : 0
    const raw = new Float32Array((count + 2 * pad) * LLD_COUNT)
    for (let k = -pad; k < count + pad; k++) this.rawFrame(pcm, first + k * this.step, raw.subarray((k + pad) * LLD_COUNT, (k + pad + 1) * LLD_COUNT))
    if (!this.sma3) return raw
    // The neighbours outside the signal do not exist for openSMILE: drop them at the signal's edges.
    const exists = (k: number): boolean => first + k * this.step >= 0 && first + k * this.step < pcm.length
    return smoothSma3(raw, count + 2, (k) => exists(k - 1)).subarray(LLD_COUNT, (count + 1) * LLD_COUNT)
  }

  /** LLD rows of a whole signal: frames at 0, step, 2·step, … while the frame start is inside the signal. */
  extract(pcm: Float32Array): { values: Float32Array; frames: number } {
    const frames = Math.max(0, Math.ceil(pcm.length / this.step))
    const raw = new Float32Array(frames * LLD_COUNT)
    for (let i = 0; i < frames; i++) this.rawFrame(pcm, i * this.step, raw.subarray(i * LLD_COUNT, (i + 1) * LLD_COUNT))
    return { values: this.sma3 ? smoothSma3(raw, frames, () => true) : raw, frames }
  }
}

/** 3-frame moving average per column (cContourSmoother smaWin 3; noZeroSma for the F group, columns ≥ 10). */
export function smoothSma3(raw: Float32Array, frames: number, exists: (k: number) => boolean): Float32Array {
  const out = new Float32Array(raw.length)
  for (let k = 0; k < frames; k++) {
    for (let c = 0; c < LLD_COUNT; c++) {
      const nz = c >= FIRST_NZ
      const self = raw[k * LLD_COUNT + c]
      if (nz && self === 0) continue
      let s = 0
      let n = 0
      for (let j = k - 1; j <= k + 1; j++) {
        if (j < 0 || j >= frames || !exists(j)) continue
        const v = raw[j * LLD_COUNT + c]
        if (nz && v === 0) continue
        s += v
        n++
      }
      out[k * LLD_COUNT + c] = n > 0 ? s / n : self
    }
  }
  return out
}
