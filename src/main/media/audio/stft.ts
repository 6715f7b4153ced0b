import { AppError } from '../../../shared/ipc/errors'

/**
 * Real FFT and STFT helpers (float64).
 *
 * The real transform of size n (a power of two) is computed as one complex radix-2 FFT of size n/2 on the
 * even/odd-interleaved samples, followed by the standard split step; its output is numpy's `rfft` (n/2 + 1
 * bins, no scaling).
 */

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0
}

/**
 * Periodic Hann window, `scipy.signal.get_window('hann', n, fftbins=True)` (librosa's default window):
 * w[i] = 0.5 − 0.5·cos(2πi / n), i = 0 … n−1.
 */
export function hannWindow(n: number): Float64Array {
  const w = new Float64Array(n)
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)
  return w
}

/** librosa `center=True` frame count: 1 + floor(samples / hop). */
export function centeredFrameCount(samples: number, hopLength: number): number {
  return 1 + Math.floor(samples / hopLength)
}

/** A reusable real FFT plan of size n; not thread-safe (holds scratch buffers). */
export class RealFft {
  readonly size: number
  readonly bins: number
  private readonly half: number
  private readonly bitrev: Uint32Array
  private readonly cosHalf: Float64Array
  private readonly sinHalf: Float64Array
  private readonly cosFull: Float64Array
  private readonly sinFull: Float64Array
  private readonly zr: Float64Array
  private readonly zi: Float64Array

  constructor(n: number) {
    if (!isPowerOfTwo(n) || n < 4) throw new AppError('INVALID_ARGUMENT', `FFT size must be a power of two ≥ 4, got ${n}`)
    this.size = n
    this.half = n >> 1
    this.bins = this.half + 1
    const h = this.half
    const bits = Math.log2(h)
    this.bitrev = new Uint32Array(h)
    for (let i = 0; i < h; i++) {
      let r = 0
      for (let b = 0, x = i; b < bits; b++, x >>= 1) r = (r << 1) | (x & 1)
      this.bitrev[i] = r
    }
    this.cosHalf = new Float64Array(h >> 1 || 1)
    this.sinHalf = new Float64Array(h >> 1 || 1)
    for (let k = 0; k < h >> 1; k++) {
      this.cosHalf[k] = Math.cos((2 * Math.PI * k) / h)
      this.sinHalf[k] = Math.sin((2 * Math.PI * k) / h)
    }
    this.cosFull = new Float64Array(h + 1)
    this.sinFull = new Float64Array(h + 1)
    for (let k = 0; k <= h; k++) {
      this.cosFull[k] = Math.cos((2 * Math.PI * k) / n)
      this.sinFull[k] = Math.sin((2 * Math.PI * k) / n)
    }
    this.zr = new Float64Array(h)
    this.zi = new Float64Array(h)
  }

  /** Complex FFT of size n/2 of z[m] = x[2m] + i·x[2m+1], left in zr/zi. */
  private halfComplexFft(x: ArrayLike<number>): void {
    const { half: h, bitrev, zr, zi, cosHalf, sinHalf } = this
    for (let m = 0; m < h; m++) {
      const j = bitrev[m]
      zr[j] = x[2 * m]
      zi[j] = x[2 * m + 1]
    }
    // Size-2 butterflies (twiddle 1).
    for (let a = 0; a < h; a += 2) {
      const br = zr[a + 1]
      const bi = zi[a + 1]
      zr[a + 1] = zr[a] - br
      zi[a + 1] = zi[a] - bi
      zr[a] += br
      zi[a] += bi
    }
    for (let size = 4; size <= h; size <<= 1) {
      const hs = size >> 1
      const step = h / size
      for (let j = 0; j < hs; j++) {
        const wr = cosHalf[j * step]
        const wi = -sinHalf[j * step]
        for (let a = j; a < h; a += size) {
          const b = a + hs
          const xr = zr[b]
          const xi = zi[b]
          const tr = wr * xr - wi * xi
          const ti = wr * xi + wi * xr
          zr[b] = zr[a] - tr
          zi[b] = zi[a] - ti
          zr[a] += tr
          zi[a] += ti
        }
      }
    }
  }

  /** rfft of x (length n) into re/im (length n/2 + 1). */
  forward(x: ArrayLike<number>, re: Float64Array, im: Float64Array): void {
    this.halfComplexFft(x)
    const { half: h, zr, zi, cosFull, sinFull } = this
    re[0] = zr[0] + zi[0]
    im[0] = 0
    re[h] = zr[0] - zi[0]
    im[h] = 0
    for (let k = 1; k < h; k++) {
      const ar = zr[k]
      const ai = zi[k]
      const br = zr[h - k]
      const bi = zi[h - k]
      const er = 0.5 * (ar + br)
      const ei = 0.5 * (ai - bi)
      const or = 0.5 * (ai + bi)
      const oi = -0.5 * (ar - br)
      const c = cosFull[k]
      const s = sinFull[k]
      re[k] = er + c * or + s * oi
      im[k] = ei + c * oi - s * or
    }
  }

  /** |rfft(x)|² into out (length n/2 + 1). */
  power(x: ArrayLike<number>, out: Float64Array): void {
    this.halfComplexFft(x)
    const { half: h, zr, zi, cosFull, sinFull } = this
    const dc = zr[0] + zi[0]
    const ny = zr[0] - zi[0]
    out[0] = dc * dc
    out[h] = ny * ny
    for (let k = 1; k < h; k++) {
      const ar = zr[k]
      const ai = zi[k]
      const br = zr[h - k]
      const bi = zi[h - k]
      const er = 0.5 * (ar + br)
      const ei = 0.5 * (ai - bi)
      const or = 0.5 * (ai + bi)
      const oi = -0.5 * (ar - br)
      const c = cosFull[k]
      const s = sinFull[k]
      const xr = er + c * or + s * oi
      const xi = ei + c * oi - s * or
      out[k] = xr * xr + xi * xi
    }
  }
}

/**
 * Centred power STFT of a whole signal (librosa `np.abs(stft(y, center=True))**2`), frame-major
 * `[frames × (nFft/2+1)]`. Used by tests and small inputs; the session path streams through
 * `MelSpectrogramBuilder` instead and never materialises the linear spectrogram.
 */
export function powerStft(
  y: ArrayLike<number>,
  nFft: number,
  hopLength: number,
  padMode: 'constant' | 'reflect' = 'constant'
): { frames: number; bins: number; data: Float64Array } {
  const fft = new RealFft(nFft)
  const pad = nFft >> 1
  if (padMode === 'reflect' && y.length <= pad) {
    throw new AppError('INVALID_ARGUMENT', `reflect padding needs more than ${pad} samples, got ${y.length}`)
  }
  const frames = centeredFrameCount(y.length, hopLength)
  const win = hannWindow(nFft)
  const buf = new Float64Array(nFft)
  const pw = new Float64Array(fft.bins)
  const data = new Float64Array(frames * fft.bins)
  const at = (i: number): number => {
    if (i >= 0 && i < y.length) return y[i]
    if (padMode === 'constant') return 0
    return i < 0 ? y[-i] : y[2 * (y.length - 1) - i]
  }
  for (let t = 0; t < frames; t++) {
    const s0 = t * hopLength - pad
    for (let i = 0; i < nFft; i++) buf[i] = at(s0 + i) * win[i]
    fft.power(buf, pw)
    data.set(pw, t * fft.bins)
  }
  return { frames, bins: fft.bins, data }
}
