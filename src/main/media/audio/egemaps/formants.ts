/**
 * LPC formants as openSMILE's GeMAPS chain (cSpecResample targetFs 11 000 → cLpc p = 11, method acf →
 * cFormantLpc minF 50, maxF 5450): the autocorrelation of the signal resampled to 11 kHz is computed directly
 * from the short Hamming frame's power spectrum restricted to 0–5.5 kHz, r(τ) = Σ_k P(k)·cos(2π f_k τ / 11 000)
 * (Wiener–Khinchin on the band-limited spectrum; no time-domain resampler). Levinson–Durbin gives A(z) of order 11;
 * its roots (Durand–Kerner iteration) with Im z > 0 give F = arg z · fs/2π and B = −ln|z| · fs/π; roots outside
 * 50–5450 Hz are dropped, the rest sorted by frequency: F1–F3 (0 when fewer were found). No pre-emphasis (none in
 * the config). DEVIATION: poles with a bandwidth > `MAX_BW` (1000 Hz) are dropped too — without pre-emphasis the
 * order-11 model spends a very broad pole pair on the spectral tilt (seen at ~900 Hz / ~2 kHz bandwidth on a synthetic
 * vowel), which would otherwise be reported as F2; openSMILE's cFormantLpc config sets no such limit.
 */
export const LPC_FS = 11000
export const LPC_ORDER = 11
const MIN_F = 50
const MAX_F = 5450
export const MAX_BW = 1000

/** Autocorrelation at the LPC rate from a power spectrum (bins of width binHz). */
export function bandLimitedAcf(power: Float64Array, binHz: number, order = LPC_ORDER, fs = LPC_FS): Float64Array {
  const r = new Float64Array(order + 1)
  const last = Math.min(power.length - 1, Math.floor(fs / 2 / binHz))
  for (let k = 0; k <= last; k++) {
    const w = k === 0 || k * binHz === fs / 2 ? 1 : 2
    const p = power[k] * w
    const ph = (2 * Math.PI * k * binHz) / fs
    for (let t = 0; t <= order; t++) r[t] += p * Math.cos(ph * t)
  }
  return r
}

/** Levinson–Durbin: a[0] = 1, a[1..p] with A(z) = 1 + Σ a_i z^−i; null when r(0) ≤ 0. */
export function levinson(r: Float64Array): Float64Array | null {
  const p = r.length - 1
  if (!(r[0] > 0)) return null
  const a = new Float64Array(p + 1)
  a[0] = 1
  let err = r[0] * (1 + 1e-9)
  for (let i = 1; i <= p; i++) {
    let acc = r[i]
    for (let j = 1; j < i; j++) acc += a[j] * r[i - j]
    const k = -acc / err
    const prev = a.slice()
    for (let j = 1; j < i; j++) a[j] = prev[j] + k * prev[i - j]
    a[i] = k
    err *= 1 - k * k
    if (!(err > 0)) return null
  }
  return a
}

/** Complex roots of z^p + a1 z^{p−1} + … + ap (Durand–Kerner), as [re, im] pairs. */
export function polyRoots(a: Float64Array, iterations = 500): Array<[number, number]> {
  const p = a.length - 1
  const re = new Float64Array(p)
  const im = new Float64Array(p)
  for (let i = 0; i < p; i++) {
    const ang = (2 * Math.PI * i) / p + 0.4
    re[i] = 0.9 * Math.cos(ang)
    im[i] = 0.9 * Math.sin(ang)
  }
  for (let it = 0; it < iterations; it++) {
    let moved = 0
    for (let i = 0; i < p; i++) {
      // f(z) by Horner
      let fr = 1
      let fi = 0
      for (let j = 1; j <= p; j++) {
        const nr = fr * re[i] - fi * im[i] + a[j]
        fi = fr * im[i] + fi * re[i]
        fr = nr
      }
      let dr = 1
      let di = 0
      for (let j = 0; j < p; j++) {
        if (j === i) continue
        const xr = re[i] - re[j]
        const xi = im[i] - im[j]
        const nr = dr * xr - di * xi
        di = dr * xi + di * xr
        dr = nr
      }
      const den = dr * dr + di * di || 1e-30
      const qr = (fr * dr + fi * di) / den
      const qi = (fi * dr - fr * di) / den
      re[i] -= qr
      im[i] -= qi
      moved = Math.max(moved, Math.hypot(qr, qi))
    }
    if (moved < 1e-12) break
  }
  return Array.from({ length: p }, (_, i) => [re[i], im[i]] as [number, number])
}

export interface Formant {
  readonly freq: number
  readonly bw: number
}

/** F1–F3 (freq, bandwidth in Hz; zeros where missing) from a power spectrum. */
export function lpcFormants(power: Float64Array, binHz: number): Formant[] {
  const a = levinson(bandLimitedAcf(power, binHz))
  const out: Formant[] = []
  if (a) {
    for (const [re, im] of polyRoots(a)) {
      if (im <= 0) continue
      const freq = (Math.atan2(im, re) * LPC_FS) / (2 * Math.PI)
      const bw = (-Math.log(Math.hypot(re, im)) * LPC_FS) / Math.PI
      if (freq > MIN_F && freq < MAX_F && bw <= MAX_BW) out.push({ freq, bw })
    }
  }
  out.sort((x, y) => x.freq - y.freq)
  while (out.length < 3) out.push({ freq: 0, bw: 0 })
  return out.slice(0, 3)
}
