import { AppError } from '../../../shared/ipc/errors'
import { applyMelFilterbank, melFilterbank, type MelFilterbank } from './mel-filterbank'
import { type MelParams, type MelSpectrogram, describeParams, resolveMelParams } from './mel-params'
import { powerToDb } from './power-to-db'
import { RealFft, centeredFrameCount, hannWindow, isPowerOfTwo } from './stft'

/**
 * librosa `power_to_db(feature.melspectrogram(y, sr=22050), ref=np.max)` with librosa's defaults
 * (see `mel-params.ts`: n_fft 2048, hop 512, periodic Hann, center=True, pad 'constant', power 2,
 * Slaney mel + Slaney norm, fmin 0, fmax sr/2, top_db 80, amin 1e-10, ref = whole-file maximum).
 * None of these except sr = 22 050 and n_mels = 128 is given by the thesis; they are librosa defaults.
 *
 * Streaming: `push()` PCM chunks as they are decoded (the STFT and mel projection run per column, in
 * float64), `finish()` converts the whole session's mel power to dB relative to its maximum. Memory: the mel
 * power (8 bytes × n_mels × T, 26 MB for 10 min) plus the float32 result; the linear spectrogram is never
 * stored.
 */
export class MelSpectrogramBuilder {
  readonly params: MelParams
  private readonly fft: RealFft
  private readonly fb: MelFilterbank
  private readonly window: Float64Array
  private readonly frameBuf: Float64Array
  private readonly powerBuf: Float64Array
  private readonly pad: number
  /** Padded-signal samples not yet fully consumed; buf[pos] is padded index `frameCount · hop`. */
  private buf: Float64Array
  private pos = 0
  private len = 0
  /** Reflect mode: the first pad + 1 samples, held until the reflected prefix can be written. */
  private head: number[] | null
  /** Reflect mode: the last pad + 1 samples of the signal (for the reflected suffix). */
  private readonly tail: Float64Array
  private tailLen = 0
  private samples = 0
  private frameCount = 0
  private readonly blocks: Float64Array[] = []
  private readonly blockFrames = 2048
  private finished = false

  constructor(params: Partial<MelParams> = {}) {
    this.params = resolveMelParams(params)
    const { nFft, hopLength, nMels, sampleRate } = this.params
    if (!isPowerOfTwo(nFft)) throw new AppError('INVALID_ARGUMENT', `n_fft must be a power of two, got ${nFft}`)
    if (!Number.isInteger(hopLength) || hopLength < 1 || hopLength > nFft / 2) {
      throw new AppError('INVALID_ARGUMENT', `hop must be an integer in [1, n_fft/2], got ${hopLength}`)
    }
    if (!Number.isInteger(nMels) || nMels < 1) throw new AppError('INVALID_ARGUMENT', `n_mels must be ≥ 1, got ${nMels}`)
    if (!(sampleRate > 0)) throw new AppError('INVALID_ARGUMENT', `sample rate must be positive, got ${sampleRate}`)
    this.fft = new RealFft(nFft)
    this.fb = melFilterbank({ sampleRate, nFft, nMels })
    this.window = hannWindow(nFft)
    this.frameBuf = new Float64Array(nFft)
    this.powerBuf = new Float64Array(this.fft.bins)
    this.pad = nFft >> 1
    this.buf = new Float64Array(4 * nFft)
    this.tail = new Float64Array(this.pad + 1)
    if (this.params.padMode === 'constant') {
      this.len = this.pad // leading zeros
      this.head = null
    } else {
      this.head = []
    }
  }

  /** Samples pushed so far. */
  get sampleCount(): number {
    return this.samples
  }

  /** Appends PCM samples (mono, at params.sampleRate) and computes every column that is now complete. */
  push(chunk: ArrayLike<number>): void {
    if (this.finished) throw new AppError('INVALID_ARGUMENT', 'MelSpectrogramBuilder.push after finish')
    const n = chunk.length
    if (n === 0) return
    this.samples += n
    if (this.params.padMode === 'reflect') this.rememberTail(chunk)
    if (this.head) {
      for (let i = 0; i < n; i++) this.head.push(chunk[i])
      if (this.head.length <= this.pad) return
      const head = this.head
      this.head = null
      const prefix = new Float64Array(this.pad + head.length)
      for (let j = 0; j < this.pad; j++) prefix[j] = head[this.pad - j] // y[pad], …, y[1]
      prefix.set(head, this.pad)
      this.append(prefix)
    } else {
      this.append(chunk)
    }
    this.drain()
  }

  /** Ends the stream: pads the end, computes the last columns, converts the session to dB. */
  finish(originSec = 0): MelSpectrogram {
    if (this.finished) throw new AppError('INVALID_ARGUMENT', 'MelSpectrogramBuilder.finish called twice')
    if (this.samples === 0) throw new AppError('INVALID_ARGUMENT', 'no audio samples to analyse')
    if (this.head) {
      throw new AppError('INVALID_ARGUMENT', `reflect padding needs more than ${this.pad} samples, got ${this.samples}`)
    }
    this.finished = true
    const suffix = new Float64Array(this.pad)
    if (this.params.padMode === 'reflect') {
      // y[len−2], y[len−3], …, y[len−1−pad]; tail holds y[len−1−pad … len−1].
      for (let j = 0; j < this.pad; j++) suffix[j] = this.tail[this.tailLen - 2 - j]
    }
    this.append(suffix)
    this.drain()
    const expected = centeredFrameCount(this.samples, this.params.hopLength)
    if (this.frameCount !== expected) {
      throw new AppError('INTERNAL', `mel spectrogram produced ${this.frameCount} columns, expected ${expected} (${describeParams(this.params)})`)
    }
    const nMels = this.params.nMels
    const power = new Float64Array(this.frameCount * nMels)
    let offset = 0
    for (const block of this.blocks) {
      const take = Math.min(block.length, power.length - offset)
      power.set(take === block.length ? block : block.subarray(0, take), offset)
      offset += take
    }
    this.blocks.length = 0
    const { db, maxDb, minDb } = powerToDb(power, { topDb: this.params.topDb })
    return { params: this.params, frames: this.frameCount, data: db, maxDb, minDb, originSec }
  }

  private rememberTail(chunk: ArrayLike<number>): void {
    const cap = this.tail.length
    const n = chunk.length
    if (n >= cap) {
      for (let i = 0; i < cap; i++) this.tail[i] = chunk[n - cap + i]
      this.tailLen = cap
      return
    }
    const keep = Math.min(this.tailLen, cap - n)
    this.tail.copyWithin(0, this.tailLen - keep, this.tailLen)
    for (let i = 0; i < n; i++) this.tail[keep + i] = chunk[i]
    this.tailLen = keep + n
  }

  private append(samples: ArrayLike<number>): void {
    const n = samples.length
    if (this.len + n > this.buf.length) {
      const live = this.len - this.pos
      if (live + n <= this.buf.length && this.pos > 0) {
        this.buf.copyWithin(0, this.pos, this.len)
      } else {
        const grown = new Float64Array(Math.max(2 * this.buf.length, live + n + this.params.nFft))
        grown.set(this.buf.subarray(this.pos, this.len))
        this.buf = grown
      }
      this.len = live
      this.pos = 0
    }
    const buf = this.buf
    let at = this.len
    if (samples instanceof Float32Array || samples instanceof Float64Array) buf.set(samples, at)
    else for (let i = 0; i < n; i++) buf[at++] = samples[i]
    this.len += n
  }

  private drain(): void {
    const { nFft, hopLength, nMels } = this.params
    const { window, frameBuf, powerBuf, fft, fb } = this
    while (this.len - this.pos >= nFft) {
      const buf = this.buf
      const p = this.pos
      for (let i = 0; i < nFft; i++) frameBuf[i] = buf[p + i] * window[i]
      fft.power(frameBuf, powerBuf)
      const b = Math.floor(this.frameCount / this.blockFrames)
      if (b === this.blocks.length) this.blocks.push(new Float64Array(this.blockFrames * nMels))
      applyMelFilterbank(fb, powerBuf, this.blocks[b], (this.frameCount % this.blockFrames) * nMels)
      this.frameCount++
      this.pos += hopLength
    }
  }
}

/** One-shot: the session mel spectrogram (dB) of a whole signal; see `MelSpectrogramBuilder`. */
export function computeMelSpectrogram(samples: ArrayLike<number>, params: Partial<MelParams> = {}, originSec = 0): MelSpectrogram {
  const b = new MelSpectrogramBuilder(params)
  if (samples instanceof Float32Array || samples instanceof Float64Array) {
    // Push in slices so the builder's working buffer stays small.
    for (let i = 0; i < samples.length; i += 1 << 16) b.push(samples.subarray(i, i + (1 << 16)))
  } else {
    b.push(samples)
  }
  return b.finish(originSec)
}

/** Column k of the spectrogram as a copy (n_mels values, index 0 = lowest mel band). */
export function spectrogramColumn(spec: MelSpectrogram, k: number): Float32Array {
  const n = spec.params.nMels
  return spec.data.slice(k * n, (k + 1) * n)
}
