/**
 * Cached per-frame latents of a session (in memory), their validation, and windows over them.
 *
 * Window rule (config.ts): the window of frame f covers frames f − n + 1 … f; positions before the session start are
 * padding (masked, zero rows), so the first n − 1 frames use the shorter window from the session start. Frames
 * without latents (`valid` 0) are masked inside a window; they are never targets.
 */
import { AppError } from '../../../../shared/ipc/errors'
import { needsAudio, type SequenceConfig } from './config'
import type { LatentDims } from './model'

export interface SessionLatents {
  readonly id: string
  readonly frames: number
  /** frames × dims.image fp32, row-major (enc_C output of the image stage-1 model per frame). */
  readonly image?: Float32Array
  /** ≥ frames × dims.audio fp32, row-major, aligned with the video frames (spectrogram stage-1 model). */
  readonly audio?: Float32Array
  /** 1 = the frame has its latents (e.g. a face was found), 0 = missing. Omitted: all present. */
  readonly valid?: Uint8Array
}

export interface LabelledSession extends SessionLatents {
  /** Native label scale, one per frame; NaN = unlabelled (never a target). */
  readonly valence: Float32Array
  readonly arousal: Float32Array
}

/** Latent sizes read from a session (its arrays divided by its frame count). */
export function dimsOf(c: SequenceConfig, s: SessionLatents): LatentDims {
  if (!Number.isInteger(s.frames) || s.frames < 1) throw new AppError('INVALID_ARGUMENT', `session ${s.id}: frames must be a positive integer, got ${s.frames}`)
  const dims: { image?: number; audio?: number } = {}
  if (c.modalities.includes('image')) {
    if (!s.image) throw new AppError('INVALID_ARGUMENT', `session ${s.id}: ${c.variant} needs image latents and the session has none`)
    dims.image = Math.floor(s.image.length / s.frames)
  }
  if (needsAudio(c)) {
    if (!s.audio) throw new AppError('MEDIA_NO_AUDIO', `session ${s.id}: ${c.variant} needs audio latents and the session has none (no audio track, or the spectrogram stage was not run)`)
    dims.audio = Math.floor(s.audio.length / s.frames)
  }
  return dims
}

/**
 * Checks a session against the config and the model's latent sizes. Errors: MEDIA_NO_AUDIO (audio needed, none),
 * LENGTH_MISMATCH (latents or labels do not cover the frames, e.g. audio shorter than video), INVALID_ARGUMENT
 * (non-finite latents on a frame marked valid).
 */
export function checkSession(c: SequenceConfig, dims: LatentDims, s: SessionLatents | LabelledSession): void {
  if (!Number.isInteger(s.frames) || s.frames < 1) throw new AppError('INVALID_ARGUMENT', `session ${s.id}: frames must be a positive integer, got ${s.frames}`)
  const F = s.frames
  const valid = s.valid
  if (valid && valid.length !== F) throw new AppError('LENGTH_MISMATCH', `session ${s.id}: valid mask has ${valid.length} entries for ${F} frames`)
  const check = (what: 'image' | 'audio', data: Float32Array | undefined, d: number | undefined) => {
    if (!d) return
    if (!data) {
      if (what === 'audio') throw new AppError('MEDIA_NO_AUDIO', `session ${s.id}: ${c.variant} needs audio latents and the session has none (no audio track, or the spectrogram stage was not run)`)
      throw new AppError('INVALID_ARGUMENT', `session ${s.id}: ${c.variant} needs image latents and the session has none`)
    }
    if (data.length % d !== 0) throw new AppError('LENGTH_MISMATCH', `session ${s.id}: ${what} latents hold ${data.length} values, not a multiple of the latent size ${d}`)
    const rows = data.length / d
    if (rows < F || (what === 'image' && rows !== F)) {
      throw new AppError('LENGTH_MISMATCH', `session ${s.id}: ${what} latents cover ${rows} frames but the video has ${F}${what === 'audio' && rows < F ? ' (audio shorter than video)' : ''}`)
    }
    for (let f = 0; f < F; f++) {
      if (valid && !valid[f]) continue
      for (let k = f * d; k < (f + 1) * d; k++) {
        if (!Number.isFinite(data[k])) throw new AppError('INVALID_ARGUMENT', `session ${s.id}: ${what} latent of frame ${f} is not finite but the frame is marked valid (mark it missing instead)`)
      }
    }
  }
  check('image', s.image, c.modalities.includes('image') ? dims.image : undefined)
  check('audio', s.audio, needsAudio(c) ? dims.audio : undefined)
  if ('valence' in s && (s.valence.length !== F || s.arousal.length !== F)) {
    throw new AppError('LENGTH_MISMATCH', `session ${s.id}: ${s.valence.length} valence / ${s.arousal.length} arousal labels for ${F} frames`)
  }
}

export function frameMask(s: SessionLatents): Uint8Array {
  return s.valid ?? new Uint8Array(s.frames).fill(1)
}

/** A training window: session index and its last (target) frame. */
export interface WindowRef {
  readonly session: number
  readonly end: number
}

/** Every frame with latents and both labels finite, as a window end. */
export function targetWindows(sessions: readonly LabelledSession[]): WindowRef[] {
  const out: WindowRef[] = []
  sessions.forEach((s, i) => {
    const m = frameMask(s)
    for (let f = 0; f < s.frames; f++) if (m[f] && Number.isFinite(s.valence[f]) && Number.isFinite(s.arousal[f])) out.push({ session: i, end: f })
  })
  return out
}

/** Sessions shorter than the window n. */
export function shortSessions(sessions: readonly SessionLatents[], n: number): SessionLatents[] {
  return sessions.filter((s) => s.frames < n)
}

export interface GatheredWindows {
  readonly count: number
  readonly n: number
  /** count × n × dims.image (zeros at masked / padded positions). */
  readonly image: Float32Array | null
  readonly audio: Float32Array | null
  /** count × n, 1 = frame present. */
  readonly mask: Float32Array
  /** count × 2, labels / labelRange. */
  readonly target: Float32Array
}

/** Copies the windows `refs` (length n) out of the sessions into contiguous buffers. */
export function gatherWindows(c: SequenceConfig, dims: LatentDims, sessions: readonly LabelledSession[], refs: readonly WindowRef[], n: number): GatheredWindows {
  const B = refs.length
  const dI = c.modalities.includes('image') ? (dims.image ?? 0) : 0
  const dA = needsAudio(c) ? (dims.audio ?? 0) : 0
  const image = dI ? new Float32Array(B * n * dI) : null
  const audio = dA ? new Float32Array(B * n * dA) : null
  const mask = new Float32Array(B * n)
  const target = new Float32Array(B * 2)
  refs.forEach((r, b) => {
    const s = sessions[r.session]
    const m = frameMask(s)
    for (let k = 0; k < n; k++) {
      const f = r.end - (n - 1) + k
      if (f < 0 || !m[f]) continue
      mask[b * n + k] = 1
      if (image && s.image) image.set(s.image.subarray(f * dI, (f + 1) * dI), (b * n + k) * dI)
      if (audio && s.audio) audio.set(s.audio.subarray(f * dA, (f + 1) * dA), (b * n + k) * dA)
    }
    target[2 * b] = s.valence[r.end] / c.labelRange
    target[2 * b + 1] = s.arousal[r.end] / c.labelRange
  })
  return { count: B, n, image, audio, mask, target }
}
