/**
 * A dataset folder as written by `circumplex synth` (and laid out the same way for real data):
 * manifest.json (clips: clipId, subjectId, video, afewVa, sewa, affWild2, manifest.video/audioDegradedSegments) or
 * subjects.json ({subjects: [{subjectId, sessions: [clipId]}]}) with videos/<clip>.mp4, afew-va/<clip>/<clip>.json,
 * sewa/<clip>.csv, aff-wild2/<clip>.txt.
 *
 * Labels per format: afew-va per frame on [−10, 10]; aff-wild2 per frame on [−1, 1]; sewa rows every 0.1 s on
 * [−1, 1], mapped to frames by the row whose [t, t + 0.1) holds the frame time (last row for later frames).
 * Landmarks (for the crops) always come from the AFEW-VA file of the clip (the only format that carries them);
 * a sewa / aff-wild2 dataset without it is refused with a clear error.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { readAffWild2VaTxt, readAfewVaJson, readSewaCsv } from '../../datasets/formats'

export type LabelFormat = 'afew-va' | 'sewa' | 'aff-wild2'
export const LABEL_FORMATS: readonly LabelFormat[] = ['afew-va', 'sewa', 'aff-wild2']
export const LABEL_RANGE: Readonly<Record<LabelFormat, number>> = { 'afew-va': 10, sewa: 1, 'aff-wild2': 1 }

export interface ClipEntry {
  readonly clipId: string
  readonly subjectId: string
  readonly video: string
  readonly afewVa: string
  readonly sewa: string
  readonly affWild2: string
  /** Video-degraded frame ranges [start, end) from the manifest (empty when unknown). */
  readonly degraded: ReadonlyArray<{ start: number; end: number }>
  /** Audio-degraded frame ranges [start, end) from the manifest (empty when unknown). */
  readonly audioDegraded: ReadonlyArray<{ start: number; end: number }>
  readonly fps: number
}

export interface ClipLabels {
  readonly valence: Float32Array
  readonly arousal: Float32Array
  /** frames × 68 × 2, NaN where a frame has no landmarks. */
  readonly landmarks: Float32Array
}

interface ManifestClip {
  clipId: string
  subjectId: string
  video: string | null
  afewVa: string
  sewa: string
  affWild2: string
  manifest?: { videoDegradedSegments?: Array<{ start: number; end: number }>; audioDegradedSegments?: Array<{ start: number; end: number }> }
}

/** The clips of a dataset folder with their subject ids. */
export function listClips(dir: string): ClipEntry[] {
  const manifestPath = join(dir, 'manifest.json')
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as { fps?: number; clips?: ManifestClip[] }
    if (!Array.isArray(m.clips)) throw new AppError('PARSE_ERROR', `${manifestPath}: no 'clips' array`)
    return m.clips.map((c) => {
      if (!c.video) throw new AppError('INVALID_ARGUMENT', `${manifestPath}: clip ${c.clipId} has no video (generated with --no-videos?)`)
      return {
        clipId: c.clipId,
        subjectId: c.subjectId,
        video: join(dir, c.video),
        afewVa: join(dir, c.afewVa),
        sewa: join(dir, c.sewa),
        affWild2: join(dir, c.affWild2),
        degraded: c.manifest?.videoDegradedSegments ?? [],
        audioDegraded: c.manifest?.audioDegradedSegments ?? [],
        fps: m.fps ?? 25
      }
    })
  }
  const subjectsPath = join(dir, 'subjects.json')
  if (!existsSync(subjectsPath)) throw new AppError('NOT_FOUND', `${dir}: neither manifest.json nor subjects.json found`)
  const s = JSON.parse(readFileSync(subjectsPath, 'utf8')) as { subjects?: Array<{ subjectId: string; sessions: string[] }> }
  if (!Array.isArray(s.subjects)) throw new AppError('PARSE_ERROR', `${subjectsPath}: no 'subjects' array`)
  return s.subjects.flatMap((sub) =>
    sub.sessions.map((clipId) => ({
      clipId,
      subjectId: sub.subjectId,
      video: join(dir, 'videos', `${clipId}.mp4`),
      afewVa: join(dir, 'afew-va', clipId, `${clipId}.json`),
      sewa: join(dir, 'sewa', `${clipId}.csv`),
      affWild2: join(dir, 'aff-wild2', `${clipId}.txt`),
      degraded: [],
      audioDegraded: [],
      fps: 25
    }))
  )
}

/** Per-frame labels in `format` + landmarks from the clip's AFEW-VA file. */
export function readClipLabels(clip: ClipEntry, format: LabelFormat): ClipLabels {
  if (!existsSync(clip.afewVa)) throw new AppError('NOT_FOUND', `${clip.afewVa}: landmarks for the crops come from the AFEW-VA file of each clip, and it is missing`)
  const afew = readAfewVaJson(readFileSync(clip.afewVa, 'utf8'))
  const n = afew.frames.length
  const landmarks = new Float32Array(n * 136).fill(NaN)
  afew.frames.forEach((f, i) => f.landmarks?.forEach(([x, y], k) => ((landmarks[i * 136 + 2 * k] = x), (landmarks[i * 136 + 2 * k + 1] = y))))
  let valence = Float32Array.from(afew.frames, (f) => f.valence)
  let arousal = Float32Array.from(afew.frames, (f) => f.arousal)
  if (format === 'aff-wild2') {
    const rows = readAffWild2VaTxt(readFileSync(clip.affWild2, 'utf8'))
    valence = Float32Array.from({ length: n }, (_, i) => rows[i]?.valence ?? NaN)
    arousal = Float32Array.from({ length: n }, (_, i) => rows[i]?.arousal ?? NaN)
  } else if (format === 'sewa') {
    const rows = readSewaCsv(readFileSync(clip.sewa, 'utf8'))
    valence = new Float32Array(n)
    arousal = new Float32Array(n)
    for (let i = 0; i < n; i++) {
      const r = rows[Math.min(rows.length - 1, Math.floor((i / clip.fps) * 10 + 1e-9))]
      valence[i] = r.valence ?? NaN
      arousal[i] = r.arousal ?? NaN
    }
  }
  return { valence, arousal, landmarks }
}

/** sha256 over every clip's id, subject, label files and video bytes (in clip order): the data hash. */
export function datasetHash(clips: readonly ClipEntry[], format: LabelFormat): string {
  const h = createHash('sha256').update(`format:${format}\n`)
  for (const c of clips) {
    h.update(`${c.clipId}\t${c.subjectId}\n`)
    for (const p of [c.afewVa, format === 'sewa' ? c.sewa : format === 'aff-wild2' ? c.affWild2 : null, c.video]) {
      if (p && existsSync(p)) h.update(readFileSync(p))
    }
  }
  return h.digest('hex')
}
