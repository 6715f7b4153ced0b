/**
 * The spectrogram "crop" of each video frame for the audio stage-1 model G^S/D^S (AViGaS-NET, T ch.7 L1904):
 * the frame's 128-column mel window (media/audio/frame-window.ts: centred on the frame's presentation time,
 * [max − 80, max] dB → [−1, 1], row 0 = lowest mel band, edges padded with the session minimum) resized to the
 * model's input size by averaging `128 / size` × `128 / size` blocks (64²: 2 × 2; 128²: unchanged), replicated to
 * 3 channels and stored as uint8 ((x + 1)·127.5, rounded) — the same bytes-per-frame layout as a face crop, so the
 * stage-1 trainer, its degradations and the latent extraction run unchanged. Choices (not in the thesis): the block
 * average, the 8-bit storage (80 dB / 255 ≈ 0.31 dB per step) and the validity rule below.
 *
 * Validity: a frame whose presentation time lies at or after the end of the decoded audio has NO window (missing,
 * never a zero-filled window): audio shorter than video gives masked frames. Times are relative to the
 * spectrogram's origin (the time of PCM sample 0, see pcm-reader.ts).
 */
import { AppError } from '../../../shared/ipc/errors'
import type { MelSpectrogram } from '../../media/audio/mel-params'
import { frameWindowAtColumn } from '../../media/audio/frame-window'

export interface SpectrogramCrops {
  readonly size: number
  readonly count: number
  /** count × size × size × 3 bytes (zeros on missing frames). */
  readonly crops: Uint8Array
  /** 1 = no audio at that frame's time. */
  readonly missing: Uint8Array
}

/** Column centred on time `t` seconds after the spectrogram's origin (frame-window.ts mapping). */
export function columnAtOffset(spec: MelSpectrogram, t: number): number {
  return Math.round((t * spec.params.sampleRate) / spec.params.hopLength)
}

/**
 * Spectrogram inputs of `timesSec.length` frames. `timesSec[f]` = frame f's presentation time relative to the
 * spectrogram's origin; `audioEndSec` = decoded audio duration from that origin.
 */
export function spectrogramCrops(spec: MelSpectrogram, timesSec: ArrayLike<number>, audioEndSec: number, size: number): SpectrogramCrops {
  const nMels = spec.params.nMels
  const cols = 128
  if (nMels % size !== 0 || cols % size !== 0) throw new AppError('INVALID_ARGUMENT', `a ${nMels}-mel × ${cols}-column window cannot be block-averaged to ${size}² (size must divide both)`)
  if (!(audioEndSec >= 0)) throw new AppError('INVALID_ARGUMENT', `audio end must be ≥ 0 s, got ${audioEndSec}`)
  const count = timesSec.length
  const fy = nMels / size
  const fx = cols / size
  const fb = size * size * 3
  const crops = new Uint8Array(count * fb)
  const missing = new Uint8Array(count)
  const win = new Float32Array(nMels * cols)
  const norm = 1 / (fx * fy)
  for (let f = 0; f < count; f++) {
    const t = timesSec[f]
    if (!Number.isFinite(t) || t < 0 || t >= audioEndSec) {
      missing[f] = 1
      continue
    }
    frameWindowAtColumn(spec, columnAtOffset(spec, t), { channels: 1, columns: cols, scaled: true, out: win })
    const o = f * fb
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let s = 0
        for (let dy = 0; dy < fy; dy++) {
          const row = (y * fy + dy) * cols + x * fx
          for (let dx = 0; dx < fx; dx++) s += win[row + dx]
        }
        const v = Math.max(0, Math.min(255, Math.round((s * norm + 1) * 127.5)))
        const p = o + (y * size + x) * 3
        crops[p] = v
        crops[p + 1] = v
        crops[p + 2] = v
      }
    }
  }
  return { size, count, crops, missing }
}

/** Decoded audio duration implied by a spectrogram's column count (center=True: T = 1 + floor(samples / hop)), a lower bound. */
export function spectrogramDurationSec(spec: MelSpectrogram): number {
  return (Math.max(0, spec.frames - 1) * spec.params.hopLength) / spec.params.sampleRate
}
