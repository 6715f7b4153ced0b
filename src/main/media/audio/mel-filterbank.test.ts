import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hzToMel, melFilterbank, melFrequencies, melToHz } from './mel-filterbank'

interface BankFixture {
  sr: number
  nFft: number
  nMels: number
  rowSums: number[]
  rows: { start: number; w: number[] }[]
}
const banks = (JSON.parse(readFileSync(join(__dirname, 'fixtures', 'mel-filterbank-fixtures.json'), 'utf8')) as { banks: BankFixture[] }).banks

describe('Slaney mel scale', () => {
  it('is linear (200/3 Hz per mel) below 1 kHz and logarithmic above', () => {
    expect(hzToMel(0)).toBe(0)
    expect(hzToMel(1000)).toBeCloseTo(15, 12)
    expect(hzToMel(500)).toBeCloseTo(7.5, 12)
    expect(hzToMel(6400)).toBeCloseTo(15 + 27, 10) // ln(6.4)/27 per mel above 1 kHz
    for (const f of [0, 100, 999.9, 1000, 4321, 11_025]) expect(melToHz(hzToMel(f))).toBeCloseTo(f, 8)
  })
  it('mel_frequencies spans [fmin, fmax] exactly', () => {
    const f = melFrequencies(130, 0, 11_025)
    expect(f[0]).toBe(0)
    expect(f[129]).toBeCloseTo(11_025, 9)
  })
})

describe('melFilterbank vs the independent numpy reference (librosa filters.mel defaults)', () => {
  for (const bank of banks) {
    it(`sr ${bank.sr}, n_fft ${bank.nFft}, n_mels ${bank.nMels}: every weight within 1e-6`, () => {
      const fb = melFilterbank({ sampleRate: bank.sr, nFft: bank.nFft, nMels: bank.nMels })
      expect(fb.bins).toBe(bank.nFft / 2 + 1)
      let maxErr = 0
      for (let m = 0; m < bank.nMels; m++) {
        const { start, w } = bank.rows[m]
        expect(fb.start[m]).toBe(start)
        expect(fb.end[m]).toBe(start + w.length)
        for (let k = 0; k < fb.bins; k++) {
          const expected = k >= start && k < start + w.length ? w[k - start] : 0
          maxErr = Math.max(maxErr, Math.abs(fb.weights[m * fb.bins + k] - expected))
        }
        let sum = 0
        for (let k = 0; k < fb.bins; k++) sum += fb.weights[m * fb.bins + k]
        expect(Math.abs(sum - bank.rowSums[m])).toBeLessThan(1e-6)
      }
      console.log(`[mel-filterbank] sr ${bank.sr} n_fft ${bank.nFft} n_mels ${bank.nMels}: max |Δweight| = ${maxErr.toExponential(2)}`)
      expect(maxErr).toBeLessThan(1e-6)
    })
  }
})
