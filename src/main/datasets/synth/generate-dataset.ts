import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { writeAfewVaJson, type AfewVaFrame } from '../formats/afew-va'
import { writeAffWild2VaTxt, type AffWild2VaFrame } from '../formats/aff-wild2'
import { writeSewaCsv, type SewaRow } from '../formats/sewa'
import type { AbawMtlRow } from '../formats/abaw-mtl'
import { abawAuPath, abawExprPath, writeClipAbawLabels, writeMtlList } from './au-expression-dataset'
import { LANDMARK_COUNT } from './face-landmarks'
import { withSkinTone, type FaceIdentity } from './face-types'
import { planSession, renderSession, subjectIdentity, type SynthSessionManifest, type SynthSessionSpec } from './generate-session'
import { DEGRADE_SEVERITIES, type DegradeSeverity } from './degradations'
import { deriveSeed, mulberry32, shuffle } from './prng'

export interface SynthDatasetSpec {
  readonly seed: number
  readonly subjects: number
  readonly sessionsPerSubject: number
  readonly seconds: number
  readonly fps: number
  readonly width: number
  readonly height: number
  /** Apply the degradation schedule (default true). */
  readonly degrade?: boolean
  /** What degraded segments destroy: 'mixed' (default) or 'severe' (degradations.ts). */
  readonly severity?: DegradeSeverity
  /** Render and encode MP4s (default true); false writes labels and manifests only. */
  readonly videos?: boolean
  /** How subjects' skin tones are drawn: 'random' (default: each from its own seed, skewed light) or 'stratified'. */
  readonly skinTones?: SkinTones
}

export const SKIN_TONES = ['random', 'stratified'] as const
export type SkinTones = (typeof SKIN_TONES)[number]

/**
 * Stratified skin tones of N subjects: tone i = (π(i) + u_i) / N for a seeded permutation π and u_i ∈ [0, 1), so every
 * N-th of the light → dark range holds exactly one subject, in a seeded order. With 'random' a 32-subject world can
 * hold one very dark face and no other near it (seed 11: S05), which no fold can learn from.
 */
export function stratifiedSkinTones(n: number, seed: number): number[] {
  const rng = mulberry32(deriveSeed(seed, 'skin-tones'))
  const order = shuffle(rng, Array.from({ length: n }, (_, i) => i))
  return order.map((k) => (k + rng()) / n)
}

/** The identities of a dataset's subjects S01…: each from its own seed, with stratified skin tones when asked. */
export function datasetIdentities(n: number, seed: number, skinTones: SkinTones = 'random'): FaceIdentity[] {
  const tones = skinTones === 'stratified' ? stratifiedSkinTones(n, seed) : null
  return Array.from({ length: n }, (_, i) => {
    const own = subjectIdentity(SUBJECT_ID(i), seed)
    return tones ? withSkinTone(own, tones[i], deriveSeed(seed, `skin:${SUBJECT_ID(i)}`)) : own
  })
}

export interface SynthDatasetClip {
  readonly clipId: string
  readonly subjectId: string
  readonly sessionId: string
  readonly frameCount: number
  /** Relative to the dataset folder; null when videos were not rendered. */
  readonly video: string | null
  readonly afewVa: string
  readonly sewa: string
  readonly affWild2: string
  /** ABAW per-video AU and expression files (au-expression.ts derives them from the drawn face). */
  readonly abawAu: string
  readonly abawExpr: string
}

export interface SynthDatasetResult {
  readonly outDir: string
  readonly clips: readonly SynthDatasetClip[]
  readonly manifestPath: string
  readonly subjectsPath: string
  /** abaw/MTL/all.txt: every frame's V, A, expression and AUs in the ABAW MTL list layout. */
  readonly mtlListPath: string
  readonly totalFrames: number
}

export interface SynthDatasetProgress {
  readonly clip: number
  readonly clips: number
  readonly clipId: string
  readonly frame: number
  readonly frames: number
}

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4
const r3 = (x: number): number => Math.round(x * 1e3) / 1e3
const r2 = (x: number): number => Math.round(x * 1e2) / 1e2

export const SUBJECT_ID = (i: number): string => `S${String(i + 1).padStart(2, '0')}`
export const SESSION_ID = (j: number): string => `T${String(j + 1).padStart(2, '0')}`

/** SEWA rows at 0.1 s: each row averages the frames whose time falls in [k·0.1, (k+1)·0.1). */
export function sewaRows(name: string, valence: Float32Array, arousal: Float32Array, fps: number): SewaRow[] {
  const rows: SewaRow[] = []
  const steps = Math.ceil((valence.length / fps) * 10 - 1e-9)
  let f = 0
  for (let k = 0; k < steps; k++) {
    let sv = 0
    let sa = 0
    let n = 0
    while (f < valence.length && f / fps < (k + 1) / 10 - 1e-9) {
      sv += valence[f]
      sa += arousal[f]
      n++
      f++
    }
    if (n === 0) {
      const g = Math.min(valence.length - 1, Math.round((k / 10) * fps))
      sv = valence[g]
      sa = arousal[g]
      n = 1
    }
    rows.push({ name, timestamp: k / 10, arousal: r4(sa / n), valence: r4(sv / n), liking: null })
  }
  return rows
}

function afewFrames(valence: Float32Array, arousal: Float32Array, landmarks: Float32Array): AfewVaFrame[] {
  const frames: AfewVaFrame[] = []
  for (let i = 0; i < valence.length; i++) {
    const lm: Array<[number, number]> = []
    const o = i * LANDMARK_COUNT * 2
    for (let k = 0; k < LANDMARK_COUNT; k++) lm.push([r2(landmarks[o + 2 * k]), r2(landmarks[o + 2 * k + 1])])
    frames.push({ frame: i, valence: r3(valence[i] * 10), arousal: r3(arousal[i] * 10), landmarks: lm })
  }
  return frames
}

function identitySummary(id: FaceIdentity): Record<string, unknown> {
  const round = (c: readonly number[]): number[] => c.map((x) => Math.round(x))
  return {
    hairStyle: id.hairStyle,
    skin: round(id.skin),
    hair: round(id.hair),
    background: round(id.background),
    faceWidth: r3(id.faceWidth),
    eyeSpacing: r3(id.eyeSpacing),
    baselineValence: r3(id.baselineValence),
    baselineArousal: r3(id.baselineArousal),
    f0: r2(id.f0)
  }
}

export const FORMAT_NOTES = {
  'afew-va': 'afew-va/<clip>/<clip>.json: frames keyed by 5-digit 0-based index; valence/arousal on [-10, 10] (synthetic [-1, 1] × 10, 3 decimals); landmarks 68 × [x, y] in pixels (2 decimals).',
  sewa: 'sewa/<clip>.csv: name;timestamp;arousal;valence;liking at 0.1 s; each row averages the frames in [t, t + 0.1 s); values on [-1, 1] (4 decimals); liking empty.',
  'aff-wild2': 'aff-wild2/<clip>.txt: header valence,arousal then one line per video frame on [-1, 1]; every frame annotated (no -5).',
  abaw: 'abaw/AU/<clip>.txt, abaw/EXPR/<clip>.txt (ABAW per-video AU / EXPR files) and abaw/MTL/all.txt (ABAW MTL list: <clip>/<frame+1, 5 digits>.jpg, V, A, expression, 12 AUs): AUs and the 8 expression classes derived from the drawn face (src/main/datasets/synth/au-expression.ts); AU10, AU23, AU24 are never drawn (always 0).',
  videos: 'videos/<clip>.mp4: H.264 yuv420p + AAC 16 kHz mono speech-like audio; degraded segments are burnt in (see manifest).'
} as const

/**
 * Writes N subjects × M sessions of the synthetic world in three label formats plus MP4s, a manifest and a
 * subject list. Label files depend only on the seed and spec (byte-identical across runs).
 */
export async function generateDataset(
  spec: SynthDatasetSpec,
  outDir: string,
  opts: { onProgress?: (p: SynthDatasetProgress) => void; signal?: AbortSignal } = {}
): Promise<SynthDatasetResult> {
  if (!Number.isInteger(spec.subjects) || spec.subjects < 1 || spec.subjects > 500) throw new AppError('INVALID_ARGUMENT', 'subjects must be an integer in [1, 500]')
  if (!Number.isInteger(spec.sessionsPerSubject) || spec.sessionsPerSubject < 1 || spec.sessionsPerSubject > 100) throw new AppError('INVALID_ARGUMENT', 'sessions must be an integer in [1, 100]')
  const videos = spec.videos ?? true
  const degrade = spec.degrade ?? true
  const severity = spec.severity ?? 'mixed'
  if (!DEGRADE_SEVERITIES.includes(severity)) throw new AppError('INVALID_ARGUMENT', `severity must be one of ${DEGRADE_SEVERITIES.join(', ')}`)
  const seed = spec.seed >>> 0
  const skinTones = spec.skinTones ?? 'random'
  if (!SKIN_TONES.includes(skinTones)) throw new AppError('INVALID_ARGUMENT', `skin tones must be one of ${SKIN_TONES.join(', ')}`)
  const identities = datasetIdentities(spec.subjects, seed, skinTones)
  for (const d of ['videos', 'afew-va', 'sewa', 'aff-wild2']) await mkdir(join(outDir, d), { recursive: true })
  const clips: SynthDatasetClip[] = []
  const sessions: Array<SynthSessionManifest & { clipId: string }> = []
  const mtlRows: AbawMtlRow[] = []
  const subjects: Array<Record<string, unknown>> = []
  const total = spec.subjects * spec.sessionsPerSubject
  let totalFrames = 0
  for (let si = 0; si < spec.subjects; si++) {
    const subjectId = SUBJECT_ID(si)
    const identity = identities[si]
    subjects.push({ subjectId, sessions: Array.from({ length: spec.sessionsPerSubject }, (_, j) => `${subjectId}_${SESSION_ID(j)}`), identity: identitySummary(identity) })
    for (let sj = 0; sj < spec.sessionsPerSubject; sj++) {
      if (opts.signal?.aborted) throw new AppError('CANCELLED', 'dataset generation was cancelled')
      const clipId = `${subjectId}_${SESSION_ID(sj)}`
      const sessionSpec: SynthSessionSpec = {
        subjectId,
        sessionId: clipId,
        seed: deriveSeed(seed, `session:${clipId}`),
        seconds: spec.seconds,
        fps: spec.fps,
        width: spec.width,
        height: spec.height,
        degrade,
        severity
      }
      const plan = planSession(sessionSpec, identity)
      const clipIndex = clips.length
      const afewPath = join('afew-va', clipId, `${clipId}.json`)
      await mkdir(join(outDir, 'afew-va', clipId), { recursive: true })
      await writeFile(join(outDir, afewPath), writeAfewVaJson({ videoId: clipId, actor: subjectId, frames: afewFrames(plan.valence, plan.arousal, plan.landmarks) }))
      const sewaPath = join('sewa', `${clipId}.csv`)
      await writeFile(join(outDir, sewaPath), writeSewaCsv(sewaRows(clipId, plan.valence, plan.arousal, spec.fps)))
      const affPath = join('aff-wild2', `${clipId}.txt`)
      const aff: AffWild2VaFrame[] = Array.from(plan.valence, (v, i) => ({ valence: r4(v), arousal: r4(plan.arousal[i]) }))
      await writeFile(join(outDir, affPath), writeAffWild2VaTxt(aff))
      mtlRows.push(...(await writeClipAbawLabels(outDir, clipId, plan)))
      let videoRel: string | null = null
      if (videos) {
        videoRel = join('videos', `${clipId}.mp4`)
        await renderSession(plan, join(outDir, videoRel), {
          signal: opts.signal,
          onProgress: (frame, frames) => opts.onProgress?.({ clip: clipIndex, clips: total, clipId, frame, frames })
        })
      } else {
        opts.onProgress?.({ clip: clipIndex, clips: total, clipId, frame: plan.frameCount, frames: plan.frameCount })
      }
      totalFrames += plan.frameCount
      clips.push({ clipId, subjectId, sessionId: SESSION_ID(sj), frameCount: plan.frameCount, video: videoRel, afewVa: afewPath, sewa: sewaPath, affWild2: affPath, abawAu: abawAuPath(clipId), abawExpr: abawExprPath(clipId) })
      sessions.push({ clipId, ...plan.manifest, sessionId: SESSION_ID(sj) })
    }
  }
  const manifest = {
    generator: 'circumplex synth',
    version: 1,
    seed,
    fps: spec.fps,
    width: spec.width,
    height: spec.height,
    secondsPerSession: spec.seconds,
    degrade,
    degradeSeverity: severity,
    // Absent: 'random' (datasets made before the option are unchanged).
    ...(skinTones !== 'random' ? { skinTones } : {}),
    subjects: subjects.map((s) => s.subjectId),
    sessionsPerSubject: spec.sessionsPerSubject,
    formats: FORMAT_NOTES,
    notes:
      'Synthetic world with known ground truth. Valence drives mouth-corner curvature, brow shape and cheek raise; arousal drives eye opening, brow raise, mouth opening, head-motion amplitude and voice F0/energy. Frame ranges are [start, end) 0-based. Landmarks follow iBUG-68 and are exact for the drawn face.',
    clips: clips.map((c, i) => ({ ...c, manifest: sessions[i] }))
  }
  const manifestPath = join(outDir, 'manifest.json')
  await writeFile(manifestPath, JSON.stringify(manifest, null, 1) + '\n')
  const subjectsPath = join(outDir, 'subjects.json')
  await writeFile(subjectsPath, JSON.stringify({ seed, subjects }, null, 1) + '\n')
  const mtlListPath = await writeMtlList(outDir, mtlRows)
  return { outDir, clips, manifestPath, subjectsPath, mtlListPath, totalFrames }
}
