/**
 * Framing, windows and spectra of the eGeMAPS LLD extractor (openSMILE GeMAPSv01b core, used unchanged by
 * eGeMAPSv02): frames start at t = i · step ("frameCenterSpecial = left"); the 60 ms frames get a Gaussian window
 * (σ = 0.4), the short spectral frames a Hamming window. Samples outside the PCM are zeros.
 */
import { RealFft } from '../stft'

/** Copy of pcm[start, start + length) with zeros outside the signal. */
export function frameAt(pcm: Float32Array, start: number, length: number): Float64Array {
  const out = new Float64Array(length)
  const from = Math.max(0, start)
  const to = Math.min(pcm.length, start + length)
  for (let i = from; i < to; i++) out[i - start] = pcm[i]
  return out
}

/** openSMILE's Gaussian window: w(n) = exp(−½ ((n − (N−1)/2) / (σ (N−1)/2))²). */
export function gaussWindow(n: number, sigma = 0.4): Float64Array {
  const w = new Float64Array(n)
  const half = (n - 1) / 2
  for (let i = 0; i < n; i++) {
    const x = (i - half) / (sigma * half)
    w[i] = Math.exp(-0.5 * x * x)
  }
  return w
}

/** Symmetric Hamming window 0.54 − 0.46 cos(2πn/(N−1)). */
export function hammingWindow(n: number): Float64Array {
  const w = new Float64Array(n)
  for (let i = 0; i < n; i++) w[i] = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (n - 1))
  return w
}

export function nextPow2(n: number): number {
  let p = 4
  while (p < n) p <<= 1
  return p
}

/** A windowed-frame spectrum plan: magnitude |X(k)| of the zero-padded windowed frame, k = 0 … nfft/2. */
export class SpectrumPlan {
  readonly window: Float64Array
  readonly nfft: number
  readonly bins: number
  readonly binHz: number
  private readonly fft: RealFft
  private readonly buf: Float64Array
  private readonly re: Float64Array
  private readonly im: Float64Array

  constructor(
    readonly frameLength: number,
    readonly sampleRate: number,
    kind: 'gauss' | 'hamming'
  ) {
    this.window = kind === 'gauss' ? gaussWindow(frameLength) : hammingWindow(frameLength)
    this.nfft = nextPow2(frameLength)
    this.bins = this.nfft / 2 + 1
    this.binHz = sampleRate / this.nfft
    this.fft = new RealFft(this.nfft)
    this.buf = new Float64Array(this.nfft)
    this.re = new Float64Array(this.bins)
    this.im = new Float64Array(this.bins)
  }

  /** Windowed copy of `frame` (length frameLength). */
  windowed(frame: Float64Array): Float64Array {
    const out = new Float64Array(this.frameLength)
    for (let i = 0; i < this.frameLength; i++) out[i] = frame[i] * this.window[i]
    return out
  }

  /** Magnitude spectrum of the windowed frame into a new array (length bins). */
  magnitude(frame: Float64Array): Float64Array {
    this.buf.fill(0)
    for (let i = 0; i < this.frameLength; i++) this.buf[i] = frame[i] * this.window[i]
    this.fft.forward(this.buf, this.re, this.im)
    const mag = new Float64Array(this.bins)
    for (let k = 0; k < this.bins; k++) mag[k] = Math.hypot(this.re[k], this.im[k])
    return mag
  }
}
