/**
 * Dataset folder + split fold → TrainData (train / val / test FrameSets) for the trainer. Frames without landmarks
 * (image input) or without audio (spectrogram input) or with a missing label are left out; `degraded` marks the
 * manifest's video-degraded frames for image input and its audio-degraded frames for spectrogram input. Subjects come from the dataset's manifest / subjects.json; the fold's
 * subject lists decide the split (a clip whose subject is in no list is unused).
 * With `audioFeatures` (AEG-CD-SZ) every kept frame also gets its 50 eGeMAPS values (media/audio/egemaps
 * frame-features.ts: the previous + current + next frame's audio, from the clip's 16 kHz PCM; raw, not z-scored)
 * and `audioDegraded` marks the manifest's audio-degraded frames; a clip without audio is refused (MEDIA_NO_AUDIO).
 */
import { AppError } from '../../../shared/ipc/errors'
import type { SplitFold } from '../../../core/folds'
import type { FrameSet, TrainData } from '../train/frame-set'
import type { Stage1Input } from '../models/anclaf/config'
import { clipInputs, frameTimes } from './clip-inputs'
import { CROP_POLICIES } from '../../media/crops'
import { fileFrameAudioFeatures } from '../../media/audio/egemaps/file-features'
import { AUDIO_FEATURE_DIM } from '../../media/audio/egemaps/frame-features'
import { datasetHash, listClips, readClipLabels, type ClipEntry, type LabelFormat } from './dataset-dir'

export interface LoadOptions {
  readonly dir: string
  readonly format: LabelFormat
  readonly fold: SplitFold
  readonly cropPolicy: string
  /** 'image' (default): face crops; 'spectrogram': each frame's mel window at the policy's size (clip-inputs.ts). */
  readonly input?: Stage1Input
  readonly cacheDir: string
  readonly signal?: AbortSignal
  readonly env?: NodeJS.ProcessEnv
  /** Also the per-frame eGeMAPS features (AEG-CD-SZ): `audio` + `audioDegraded` on every set. */
  readonly audioFeatures?: boolean
  readonly onProgress?: (done: number, total: number, clipId: string) => void
}

/** A FrameSet with the per-frame audio features of AEG-CD-SZ. */
export interface AudioFrameSet extends FrameSet {
  /** count × AUDIO_FEATURE_DIM raw eGeMAPS values. */
  readonly audio: Float32Array
  /** 1 where the frame lies in an audio-degraded segment of the manifest. */
  readonly audioDegraded: Uint8Array
}

export const isAudioFrameSet = (p: FrameSet): p is AudioFrameSet => (p as Partial<AudioFrameSet>).audio instanceof Float32Array

/** The parts' frames one after the other; `subjectIds[k]` is part k's subject. */
function concatSets(parts: FrameSet[], size: number, subjectIds: readonly string[]): FrameSet {
  const count = parts.reduce((a, p) => a + p.count, 0)
  const names = [...new Set(subjectIds)]
  const of = new Uint16Array(count)
  const fb = size * size * 3
  const crops = new Uint8Array(count * fb)
  const valence = new Float32Array(count)
  const arousal = new Float32Array(count)
  const degraded = new Uint8Array(count)
  const all = parts.length > 0 && parts.every(isAudioFrameSet)
  const audio = all ? new Float32Array(count * AUDIO_FEATURE_DIM) : null
  const audioDegraded = all ? new Uint8Array(count) : null
  let o = 0
  for (const [k, p] of parts.entries()) {
    crops.set(p.crops, o * fb)
    valence.set(p.valence, o)
    arousal.set(p.arousal, o)
    degraded.set(p.degraded, o)
    of.fill(names.indexOf(subjectIds[k]), o, o + p.count)
    if (audio && audioDegraded && isAudioFrameSet(p)) {
      audio.set(p.audio, o * AUDIO_FEATURE_DIM)
      audioDegraded.set(p.audioDegraded, o)
    }
    o += p.count
  }
  const set: FrameSet = { size, count, crops, valence, arousal, degraded, subjects: { names, of } }
  if (!audio || !audioDegraded) return set
  const withAudio: AudioFrameSet = { ...set, audio, audioDegraded }
  return withAudio
}

/** The clip's per-frame eGeMAPS features (frames × 50). */
function clipAudio(c: ClipEntry, frames: number, o: LoadOptions): Promise<Float32Array> {
  return fileFrameAudioFeatures(c.video, frameTimes({ frames, fps: c.fps }), { who: c.clipId, need: 'AEG-CD-SZ needs the audio of every clip', signal: o.signal, env: o.env })
}

async function clipSet(c: ClipEntry, o: LoadOptions, hash: string): Promise<FrameSet> {
  const labels = readClipLabels(c, o.format)
  const n = labels.valence.length
  const input = o.input ?? 'image'
  const size = CROP_POLICIES[o.cropPolicy]?.size
  if (!size) throw new AppError('INVALID_ARGUMENT', `unknown crop policy '${o.cropPolicy}'`)
  const src = { id: c.clipId, video: c.video, frames: n, landmarks: labels.landmarks, fps: c.fps }
  const cc = await clipInputs(src, input, o.cropPolicy, size, o.cacheDir, hash, { signal: o.signal, env: o.env })
  const segments = input === 'spectrogram' ? c.audioDegraded : c.degraded
  const keep: number[] = []
  for (let i = 0; i < n; i++) if (!cc.missing[i] && Number.isFinite(labels.valence[i]) && Number.isFinite(labels.arousal[i])) keep.push(i)
  const fb = cc.size * cc.size * 3
  const crops = new Uint8Array(keep.length * fb)
  keep.forEach((f, j) => crops.set(cc.crops.subarray(f * fb, (f + 1) * fb), j * fb))
  const degraded = Uint8Array.from(keep, (f) => (segments.some((s) => f >= s.start && f < s.end) ? 1 : 0))
  const set: FrameSet = {
    size: cc.size,
    count: keep.length,
    crops,
    valence: Float32Array.from(keep, (f) => labels.valence[f]),
    arousal: Float32Array.from(keep, (f) => labels.arousal[f]),
    degraded
  }
  if (!o.audioFeatures) return set
  const all = await clipAudio(c, n, o)
  const audio = new Float32Array(keep.length * AUDIO_FEATURE_DIM)
  keep.forEach((f, j) => audio.set(all.subarray(f * AUDIO_FEATURE_DIM, (f + 1) * AUDIO_FEATURE_DIM), j * AUDIO_FEATURE_DIM))
  const audioDegraded = Uint8Array.from(keep, (f) => (c.audioDegraded.some((s) => f >= s.start && f < s.end) ? 1 : 0))
  const withAudio: AudioFrameSet = { ...set, audio, audioDegraded }
  return withAudio
}

export async function loadTrainingData(o: LoadOptions): Promise<TrainData & { clips: Record<'train' | 'val' | 'test', string[]> }> {
  const clips = listClips(o.dir)
  const hash = datasetHash(clips, o.format)
  const splitOf = (s: string): 'train' | 'val' | 'test' | null =>
    o.fold.test.includes(s) ? 'test' : o.fold.val.includes(s) ? 'val' : o.fold.train.includes(s) ? 'train' : null
  const known = new Set(clips.map((c) => c.subjectId))
  for (const s of [...o.fold.train, ...o.fold.val, ...o.fold.test]) {
    if (!known.has(s)) throw new AppError('INVALID_ARGUMENT', `fold '${o.fold.name}' names subject '${s}', which is not in ${o.dir}`)
  }
  if (o.fold.val.length === 0) throw new AppError('INVALID_ARGUMENT', `fold '${o.fold.name}' has no validation subjects: make folds with --val 1 (checkpoints are selected on validation only)`)
  const parts: Record<'train' | 'val' | 'test', FrameSet[]> = { train: [], val: [], test: [] }
  const names: Record<'train' | 'val' | 'test', string[]> = { train: [], val: [], test: [] }
  const subjects: Record<'train' | 'val' | 'test', string[]> = { train: [], val: [], test: [] }
  const used = clips.filter((c) => splitOf(c.subjectId) !== null)
  let size = 0
  for (let i = 0; i < used.length; i++) {
    const c = used[i]
    const split = splitOf(c.subjectId)!
    const set = await clipSet(c, o, hash)
    size = set.size
    parts[split].push(set)
    names[split].push(c.clipId)
    subjects[split].push(c.subjectId)
    o.onProgress?.(i + 1, used.length, c.clipId)
  }
  return {
    train: concatSets(parts.train, size, subjects.train),
    val: concatSets(parts.val, size, subjects.val),
    test: parts.test.length ? concatSets(parts.test, size, subjects.test) : null,
    dataHash: hash,
    clips: names
  }
}
