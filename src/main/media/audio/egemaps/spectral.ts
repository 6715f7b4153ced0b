/**
 * Spectral eGeMAPS LLDs on the short Hamming frame's magnitude spectrum |X| (openSMILE cSpectral with
 * squareInput = 1, useLogSpectrum = 1, normBandEnergies = 1, freqRange 0–5000 Hz; cMelspec/cPlp/cMfcc):
 * - alphaRatio = 10·log10(Ē(1–5 kHz) / Ē(50–1000 Hz)), Ē = mean power per bin in the band (normBandEnergies);
 *   negative for speech (energy mostly below 1 kHz), as in openSMILE's output.
 * - hammarbergIndex = 10·log10(max P(0–2 kHz) / max P(2–5 kHz)); positive for speech.
 * - slope0-500, slope500-1500: least-squares slope of 10·log10 P(f) against f in Hz over the band's bins (dB/Hz).
 * - spectralFlux: Σ_{f ≤ 5 kHz} (|X̃_t| − |X̃_{t−1}|)² with |X̃| = |X| / Σ|X| (each spectrum L1-normalised,
 *   normBandEnergies); the first frame of a signal compares with a silent (zero) frame → 0 by definition.
 * - mfcc1-4: HTK MFCCs — 26 triangular filters equally spaced on the HTK mel scale 2595·log10(1 + f/700) over
 *   20–8000 Hz (triangles linear in mel), on the POWER spectrum (usePower = 1); ln with a 1e-10 floor;
 *   c_i = √(2/26) Σ_j ln m_j cos(πi(j − ½)/26); lifter c_i · (1 + 11·sin(πi/22)) (cepLifter 22).
 * - loudness: openSMILE's auditory-spectrum sum (cMelspec 26 bands 20–8000 Hz on power → cPlp doAud with
 *   compression 0.33 → ll1 sum): each band energy is weighted by Hermansky's (1990, PLP) equal-loudness curve at
 *   the band centre, E(ω) = (ω² + 56.8e6)ω⁴ / ((ω² + 6.3e6)²(ω² + 0.38e9)), then compressed with the intensity–
 *   loudness power law ^0.33 (Stevens) and summed. This is PLP's approximation of Zwicker loudness, not ISO 532B.
 * Absolute scales: |X| of the Hamming frame with no normalisation (a full-scale sine gives |X| ≈ 0.27·N); MFCC
 * 1–4 and the log-ratio descriptors do not depend on that scale; loudness and flux do (monotonic).
 */
import type { SpectrumPlan } from './frames'

export const MEL_BANDS = 26
const MEL_LO = 20
const MEL_HI = 8000
const LIFTER = 22
const LOG_FLOOR = 1e-10

export const htkMel = (f: number): number => 2595 * Math.log10(1 + f / 700)

export interface MelBank {
  /** Per band: first bin, weights over consecutive bins. */
  readonly bands: ReadonlyArray<{ readonly first: number; readonly weights: Float64Array }>
  /** Centre frequency (Hz) per band. */
  readonly centres: Float64Array
}

/** HTK-style triangular filterbank (weights linear in mel) on bins 0 … nfft/2 of width binHz. */
export function htkMelBank(bins: number, binHz: number, n = MEL_BANDS, lo = MEL_LO, hi = MEL_HI): MelBank {
  const mlo = htkMel(lo)
  const mhi = htkMel(hi)
  const c = Array.from({ length: n + 2 }, (_, j) => mlo + ((mhi - mlo) * j) / (n + 1))
  const bands: Array<{ first: number; weights: Float64Array }> = []
  const centres = new Float64Array(n)
  for (let j = 1; j <= n; j++) {
    const w: number[] = []
    let first = -1
    for (let k = 0; k < bins; k++) {
      const m = htkMel(k * binHz)
      let v = 0
      if (m > c[j - 1] && m <= c[j]) v = (m - c[j - 1]) / (c[j] - c[j - 1])
      else if (m > c[j] && m < c[j + 1]) v = (c[j + 1] - m) / (c[j + 1] - c[j])
      if (v > 0) {
        if (first < 0) first = k
        w[k - first] = v
      }
    }
    bands.push({ first: Math.max(0, first), weights: Float64Array.from(w, (x) => x ?? 0) })
    centres[j - 1] = 700 * (10 ** (c[j] / 2595) - 1)
  }
  return { bands, centres }
}

function melEnergies(power: Float64Array, bank: MelBank): Float64Array {
  const out = new Float64Array(bank.bands.length)
  bank.bands.forEach((b, j) => {
    let s = 0
    for (let i = 0; i < b.weights.length; i++) s += b.weights[i] * power[b.first + i]
    out[j] = s
  })
  return out
}

/** Hermansky's PLP equal-loudness weight at frequency f (Hz). */
export function equalLoudness(f: number): number {
  const w2 = (2 * Math.PI * f) ** 2
  return ((w2 + 56.8e6) * w2 * w2) / ((w2 + 6.3e6) ** 2 * (w2 + 0.38e9))
}

/** MFCC 1…count (HTK, lifter 22) from mel band energies. */
export function mfccFromMel(mel: Float64Array, count = 4): Float64Array {
  const n = mel.length
  const logs = Float64Array.from(mel, (m) => Math.log(Math.max(m, LOG_FLOOR)))
  const out = new Float64Array(count)
  for (let i = 1; i <= count; i++) {
    let s = 0
    for (let j = 0; j < n; j++) s += logs[j] * Math.cos((Math.PI * i * (j + 0.5)) / n)
    out[i - 1] = Math.sqrt(2 / n) * s * (1 + (LIFTER / 2) * Math.sin((Math.PI * i) / LIFTER))
  }
  return out
}

function bandBins(plan: SpectrumPlan, lo: number, hi: number): [number, number] {
  return [Math.max(0, Math.ceil(lo / plan.binHz)), Math.min(plan.bins - 1, Math.floor(hi / plan.binHz))]
}

function dbRatio(a: number, b: number): number {
  return a > 0 && b > 0 ? 10 * Math.log10(a / b) : 0
}

function logSlope(power: Float64Array, plan: SpectrumPlan, lo: number, hi: number): number {
  const [a, b] = bandBins(plan, lo, hi)
  let n = 0
  let sx = 0
  let sy = 0
  let sxx = 0
  let sxy = 0
  for (let k = a; k <= b; k++) {
    const x = k * plan.binHz
    const y = 10 * Math.log10(Math.max(power[k], LOG_FLOOR))
    n++
    sx += x
    sy += y
    sxx += x * x
    sxy += x * y
  }
  const den = n * sxx - sx * sx
  return n >= 2 && den > 0 ? (n * sxy - sx * sy) / den : 0
}

export interface SpectralLlds {
  readonly loudness: number
  readonly alphaRatio: number
  readonly hammarbergIndex: number
  readonly slope0500: number
  readonly slope5001500: number
  readonly spectralFlux: number
  readonly mfcc: Float64Array
}

/** The spectral LLDs of one frame given its magnitude spectrum and the previous frame's (null → zeros). */
export function spectralLlds(mag: Float64Array, prevMag: Float64Array | null, plan: SpectrumPlan, bank: MelBank): SpectralLlds {
  const power = Float64Array.from(mag, (m) => m * m)
  const mel = melEnergies(power, bank)
  let loudness = 0
  for (let j = 0; j < mel.length; j++) loudness += (equalLoudness(bank.centres[j]) * mel[j]) ** 0.33
  const mean = (lo: number, hi: number): number => {
    const [a, b] = bandBins(plan, lo, hi)
    let s = 0
    for (let k = a; k <= b; k++) s += power[k]
    return b >= a ? s / (b - a + 1) : 0
  }
  const max = (lo: number, hi: number): number => {
    const [a, b] = bandBins(plan, lo, hi)
    let m = 0
    for (let k = a; k <= b; k++) m = Math.max(m, power[k])
    return m
  }
  const [fa, fb] = bandBins(plan, 0, 5000)
  let sumC = 0
  let sumP = 0
  for (let k = fa; k <= fb; k++) {
    sumC += mag[k]
    sumP += prevMag ? prevMag[k] : 0
  }
  let flux = 0
  if (sumC > 0 && prevMag && sumP > 0) {
    for (let k = fa; k <= fb; k++) flux += (mag[k] / sumC - prevMag[k] / sumP) ** 2
  }
  return {
    loudness,
    alphaRatio: dbRatio(mean(1000, 5000), mean(50, 1000)),
    hammarbergIndex: dbRatio(max(0, 2000), max(2000, 5000)),
    slope0500: logSlope(power, plan, 0, 500),
    slope5001500: logSlope(power, plan, 500, 1500),
    spectralFlux: flux,
    mfcc: mfccFromMel(mel)
  }
}
