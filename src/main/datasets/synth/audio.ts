import { mulberry32, normal, uniform, type Rng } from './prng'
import type { FrameSegment } from './trajectories'

export const AUDIO_SAMPLE_RATE = 16000

export interface SpeechSynthOptions {
  readonly frames: number
  readonly fps: number
  readonly sampleRate?: number
  readonly speech: readonly FrameSegment[]
  /** Per-frame arousal in [-1, 1]: raises F0, loudness, speaking rate and spectral brightness. */
  readonly arousal: Float32Array
  /** Per-frame valence in [-1, 1]: slightly raises F0 and widens intonation. */
  readonly valence?: Float32Array
  /** Speaker's neutral F0 in Hz. */
  readonly f0: number
  readonly seed: number
}

export interface SpeechSynthResult {
  readonly sampleRate: number
  /** Mono PCM in [-1, 1], length round(frames · sampleRate / fps). */
  readonly pcm: Float32Array
  /** Per-frame syllable envelope (0…1) — the signal that drives mouth opening. */
  readonly envelope: Float32Array
  /** Per-frame mean F0 (Hz) over voiced samples, 0 where silent. */
  readonly f0: Float32Array
}

/** Vowel formants F1, F2, F3 (Hz): /a/ /e/ /i/ /o/ /u/ /æ/ /ʌ/. */
const VOWELS: ReadonlyArray<readonly [number, number, number]> = [
  [730, 1090, 2440],
  [530, 1840, 2480],
  [300, 2250, 3000],
  [570, 840, 2410],
  [320, 900, 2240],
  [660, 1720, 2410],
  [640, 1190, 2390]
]
const BANDWIDTH = [90, 110, 170]
const FORMANT_GAIN = [1, 0.55, 0.28]

interface Syllable {
  start: number
  len: number
  amp: number
  vowel: number
  pitch: number
}

function planSyllables(rng: Rng, opts: SpeechSynthOptions, sr: number): Syllable[] {
  const out: Syllable[] = []
  for (const seg of opts.speech) {
    const s0 = Math.round((seg.start / opts.fps) * sr)
    const s1 = Math.round((seg.end / opts.fps) * sr)
    let t = s0
    while (t < s1 - 0.06 * sr) {
      const a = opts.arousal[Math.min(opts.frames - 1, Math.floor((t / sr) * opts.fps))]
      const rate = 3.4 + 2 * (a + 1) * 0.5
      const period = (sr / rate) * uniform(rng, 0.8, 1.2)
      const len = Math.min(s1 - t, Math.round(period * uniform(rng, 0.62, 0.88)))
      out.push({ start: t, len, amp: uniform(rng, 0.55, 1), vowel: Math.floor(rng() * VOWELS.length), pitch: normal(rng) * 0.035 })
      t += Math.round(period)
    }
  }
  return out
}

class Resonator {
  private z1 = 0
  private z2 = 0
  private b0 = 0
  private a1 = 0
  private a2 = 0
  set(freq: number, bw: number, sr: number): void {
    const r = Math.exp((-Math.PI * bw) / sr)
    const th = (2 * Math.PI * freq) / sr
    this.a1 = 2 * r * Math.cos(th)
    this.a2 = -r * r
    this.b0 = 1 - r
  }
  step(x: number): number {
    const y = this.b0 * x + this.a1 * this.z1 + this.a2 * this.z2
    this.z2 = this.z1
    this.z1 = y
    return y
  }
}

function polyBlep(t: number, dt: number): number {
  if (t < dt) {
    const x = t / dt
    return x + x - x * x - 1
  }
  if (t > 1 - dt) {
    const x = (t - 1) / dt
    return x * x + x + x + 1
  }
  return 0
}

/**
 * Speech-like audio: a band-limited glottal sawtooth at F0 (rising with arousal), spectral tilt, aspiration
 * noise, three formant resonators moving between vowel targets per syllable, a syllable-rate amplitude
 * envelope inside speech segments and a −66 dB noise floor elsewhere. Deterministic for a seed.
 */
export function synthesizeSpeech(opts: SpeechSynthOptions): SpeechSynthResult {
  const sr = opts.sampleRate ?? AUDIO_SAMPLE_RATE
  const rng = mulberry32(opts.seed)
  const n = Math.round((opts.frames / opts.fps) * sr)
  const pcm = new Float32Array(n)
  const env = new Float32Array(n)
  const pitchDev = new Float32Array(n)
  const vowelAt = new Int8Array(n).fill(-1)
  const syllables = planSyllables(rng, opts, sr)
  for (const s of syllables) {
    const attack = Math.max(1, Math.round(s.len * 0.3))
    for (let k = 0; k < s.len && s.start + k < n; k++) {
      const x = k < attack ? k / attack : 1 - (k - attack) / (s.len - attack)
      const w = Math.sin((Math.PI / 2) * Math.max(0, x)) ** 2 * s.amp
      const i = s.start + k
      if (w > env[i]) env[i] = w
      pitchDev[i] = s.pitch
      vowelAt[i] = s.vowel
    }
  }
  const res = [new Resonator(), new Resonator(), new Resonator()]
  const formant = [...VOWELS[0]]
  const fpsPerSample = opts.fps / sr
  const segOf = new Int32Array(opts.frames).fill(-1)
  opts.speech.forEach((seg, k) => {
    for (let f = seg.start; f < Math.min(seg.end, opts.frames); f++) segOf[f] = k
  })
  const f0Sum = new Float64Array(opts.frames)
  const f0Count = new Float64Array(opts.frames)
  let phase = 0
  let tilt = 0
  let f0s = opts.f0
  const formantSmooth = 1 - Math.exp(-1 / (0.03 * sr))
  for (let i = 0; i < n; i++) {
    const frame = Math.min(opts.frames - 1, Math.floor(i * fpsPerSample))
    const a = opts.arousal[frame]
    const v = opts.valence ? opts.valence[frame] : 0
    const seg = segOf[frame]
    let decl = 0
    if (seg >= 0) {
      const sg = opts.speech[seg]
      decl = 0.06 - 0.12 * ((frame - sg.start) / Math.max(1, sg.end - sg.start))
    }
    const f0t = opts.f0 * (1 + 0.32 * a + 0.05 * v) * (1 + decl * (1 + 0.5 * v) + pitchDev[i])
    f0s += (f0t - f0s) * 0.003
    const dt = f0s / sr
    phase += dt
    if (phase >= 1) phase -= 1
    const saw = 1 - 2 * phase + polyBlep(phase, dt)
    const alpha = 0.22 + 0.38 * (a + 1) * 0.5
    tilt += alpha * (saw - tilt)
    const src = tilt + 0.06 * normal(rng) * env[i]
    if ((i & 15) === 0) {
      const vw = vowelAt[i]
      if (vw >= 0) for (let k = 0; k < 3; k++) formant[k] += (VOWELS[vw][k] - formant[k]) * Math.min(1, formantSmooth * 16)
      for (let k = 0; k < 3; k++) res[k].set(formant[k], BANDWIDTH[k], sr)
    }
    let y = 0
    for (let k = 0; k < 3; k++) y += FORMANT_GAIN[k] * res[k].step(src)
    const gain = 0.42 + 0.85 * (a + 1) * 0.5
    pcm[i] = y * env[i] * gain + 0.0005 * (rng() * 2 - 1)
    if (env[i] > 0.05) {
      f0Sum[frame] += f0s
      f0Count[frame] += 1
    }
  }
  let peak = 0
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(pcm[i]))
  if (peak > 0.98) {
    const k = 0.98 / peak
    for (let i = 0; i < n; i++) pcm[i] *= k
  }
  const envelope = new Float32Array(opts.frames)
  const f0 = new Float32Array(opts.frames)
  for (let f = 0; f < opts.frames; f++) {
    const s0 = Math.round((f / opts.fps) * sr)
    const s1 = Math.min(n, Math.round(((f + 1) / opts.fps) * sr))
    let sum = 0
    for (let i = s0; i < s1; i++) sum += env[i]
    envelope[f] = s1 > s0 ? sum / (s1 - s0) : 0
    f0[f] = f0Count[f] > 0 ? f0Sum[f] / f0Count[f] : 0
  }
  return { sampleRate: sr, pcm, envelope, f0 }
}

/** Root-mean-square of pcm[start, end). */
export function rms(pcm: Float32Array, start = 0, end = pcm.length): number {
  let s = 0
  for (let i = start; i < end; i++) s += pcm[i] * pcm[i]
  return end > start ? Math.sqrt(s / (end - start)) : 0
}

/** 16-bit PCM mono WAV bytes. */
export function encodeWav(pcm: Float32Array, sampleRate: number): Buffer {
  const buf = Buffer.alloc(44 + pcm.length * 2)
  buf.write('RIFF', 0, 'ascii')
  buf.writeUInt32LE(36 + pcm.length * 2, 4)
  buf.write('WAVE', 8, 'ascii')
  buf.write('fmt ', 12, 'ascii')
  buf.writeUInt32LE(16, 16)
  buf.writeUInt16LE(1, 20)
  buf.writeUInt16LE(1, 22)
  buf.writeUInt32LE(sampleRate, 24)
  buf.writeUInt32LE(sampleRate * 2, 28)
  buf.writeUInt16LE(2, 32)
  buf.writeUInt16LE(16, 34)
  buf.write('data', 36, 'ascii')
  buf.writeUInt32LE(pcm.length * 2, 40)
  for (let i = 0; i < pcm.length; i++) {
    const x = Math.max(-1, Math.min(1, pcm[i]))
    buf.writeInt16LE(Math.round(x * 32767), 44 + 2 * i)
  }
  return buf
}
