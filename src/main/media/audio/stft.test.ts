import { describe, expect, it } from 'vitest'
import { RealFft, centeredFrameCount, hannWindow, powerStft } from './stft'

function naiveDft(x: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = x.length
  const re = new Float64Array(n / 2 + 1)
  const im = new Float64Array(n / 2 + 1)
  for (let k = 0; k <= n / 2; k++) {
    let sr = 0
    let si = 0
    for (let t = 0; t < n; t++) {
      const a = (-2 * Math.PI * k * t) / n
      sr += x[t] * Math.cos(a)
      si += x[t] * Math.sin(a)
    }
    re[k] = sr
    im[k] = si
  }
  return { re, im }
}

describe('RealFft', () => {
  for (const n of [4, 8, 16, 64, 256, 2048]) {
    it(`matches a naive DFT for n = ${n}`, () => {
      let seed = 7 + n
      const x = Float64Array.from({ length: n }, () => {
        seed = (seed * 1103515245 + 12345) % 2147483648
        return seed / 2147483648 - 0.5
      })
      const fft = new RealFft(n)
      const re = new Float64Array(fft.bins)
      const im = new Float64Array(fft.bins)
      fft.forward(x, re, im)
      const ref = naiveDft(x)
      const pw = new Float64Array(fft.bins)
      fft.power(x, pw)
      const tol = 1e-9 * n
      for (let k = 0; k < fft.bins; k++) {
        expect(Math.abs(re[k] - ref.re[k])).toBeLessThan(tol)
        expect(Math.abs(im[k] - ref.im[k])).toBeLessThan(tol)
        expect(Math.abs(pw[k] - (ref.re[k] ** 2 + ref.im[k] ** 2))).toBeLessThan(tol * 10)
      }
    })
  }

  it('rejects sizes that are not powers of two', () => {
    expect(() => new RealFft(1000)).toThrow(/power of two/)
  })

  it('puts a bin-centred cosine in exactly one bin', () => {
    const n = 2048
    const x = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 100 * i) / n))
    const pw = new Float64Array(n / 2 + 1)
    new RealFft(n).power(x, pw)
    expect(pw[100]).toBeCloseTo((n / 2) ** 2, 6)
    expect(pw[99]).toBeLessThan(1e-12)
  })
})

describe('hannWindow', () => {
  it('is periodic (scipy get_window fftbins=True): 0.5 − 0.5·cos(2πi/n)', () => {
    const w = hannWindow(8)
    for (let i = 0; i < 8; i++) expect(w[i]).toBe(0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 8))
    expect(w[0]).toBe(0)
    expect(w[4]).toBe(1) // peak at n/2 and no second zero at the end (the symmetric window would end in 0)
    expect(w[7]).toBeCloseTo(w[1], 15)
  })
})

describe('powerStft', () => {
  it('uses librosa center=True framing: 1 + floor(len / hop) columns', () => {
    expect(centeredFrameCount(22_050, 512)).toBe(44)
    expect(centeredFrameCount(512, 512)).toBe(2)
    const s = powerStft(new Float64Array(1000), 64, 16)
    expect(s.frames).toBe(1 + Math.floor(1000 / 16))
    expect(s.bins).toBe(33)
  })
  it('reflect and constant padding differ only at the edges', () => {
    const y = Float64Array.from({ length: 400 }, (_, i) => Math.sin(i / 3) + 0.1)
    const a = powerStft(y, 64, 16, 'constant')
    const b = powerStft(y, 64, 16, 'reflect')
    expect(a.data[0]).not.toBeCloseTo(b.data[0], 3)
    const mid = 10 * a.bins
    for (let k = 0; k < a.bins; k++) expect(a.data[mid + k]).toBe(b.data[mid + k])
  })
})
