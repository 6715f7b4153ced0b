import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { AUDIO_SAMPLE_RATE, rms, synthesizeSpeech } from './audio'
import { sessionAuExpression } from './au-expression'
import { applyAudioDegradations, planDegradations, segmentModality, VideoDegrader, type DegradationSegment, type DegradeSeverity } from './degradations'
import { computeLayout } from './face-geometry'
import { landmarksFromLayout, LANDMARK_COUNT } from './face-landmarks'
import { renderFace } from './face-renderer'
import { makeFaceIdentity, type FaceIdentity, type FaceParams } from './face-types'
import { deriveSeed, hashString } from './prng'
import { generateAffectTrajectory, generateBlinks, generatePoseTrack, generateSpeechSegments, type ExpressionChange, type FrameSegment, type PoseTrack } from './trajectories'
import { writeMp4 } from './video-writer'

export interface SynthSessionSpec {
  subjectId: string
  sessionId: string
  seed: number
  seconds: number
  fps: number
  width: number
  height: number
  degrade: boolean
  /** What degraded segments destroy (degradations.ts); default 'mixed'. */
  severity?: DegradeSeverity
}

export interface SynthDegradationRecord {
  readonly start: number
  readonly end: number
  readonly modality: 'video' | 'audio' | 'both'
  readonly video: DegradationSegment['video']
  readonly audio: DegradationSegment['audio']
}

export interface SynthSessionManifest {
  readonly version: 1
  readonly subjectId: string
  readonly sessionId: string
  readonly seed: number
  readonly fps: number
  readonly width: number
  readonly height: number
  readonly frameCount: number
  readonly audioSampleRate: number
  readonly baseline: { readonly valence: number; readonly arousal: number }
  /** Frames where the expression target changes (with the eased transition length). */
  readonly expressionChanges: readonly ExpressionChange[]
  readonly speechSegments: readonly FrameSegment[]
  readonly blinkFrames: readonly number[]
  /** Degraded stretches [start, end) with what was degraded in each modality (empty when degrade is false). */
  readonly degradations: readonly SynthDegradationRecord[]
  /** Frame ranges whose video / audio is degraded, per modality. */
  readonly videoDegradedSegments: readonly FrameSegment[]
  readonly audioDegradedSegments: readonly FrameSegment[]
}

export interface SynthSessionResult {
  videoPath: string
  frameCount: number
  fps: number
  valence: Float32Array
  arousal: Float32Array
  landmarks: Float32Array /* frameCount*68*2 */
  /** frameCount × 12 AU occurrences (ABAW_AUS order) and the expression class per frame (au-expression.ts). */
  aus: Uint8Array
  expression: Uint8Array
  manifest: SynthSessionManifest
}

/** Everything about a session except its pixels: labels, schedules, audio. Deterministic for (spec, identity). */
export interface SynthSessionPlan {
  readonly spec: SynthSessionSpec
  readonly identity: FaceIdentity
  readonly frameCount: number
  readonly valence: Float32Array
  readonly arousal: Float32Array
  readonly speech: Float32Array
  readonly blink: Float32Array
  readonly pose: PoseTrack
  readonly pcm: Float32Array
  readonly landmarks: Float32Array
  readonly segments: readonly DegradationSegment[]
  readonly manifest: SynthSessionManifest
}

/** The identity used for a subject when none is given: seeded by the subject id alone. */
export function subjectIdentity(subjectId: string, datasetSeed?: number): FaceIdentity {
  return makeFaceIdentity(datasetSeed === undefined ? hashString(subjectId) : deriveSeed(datasetSeed, `subject:${subjectId}`))
}

function validate(spec: SynthSessionSpec): void {
  const bad = (m: string): never => {
    throw new AppError('INVALID_ARGUMENT', m)
  }
  if (!/^[A-Za-z0-9._-]+$/.test(spec.sessionId)) bad(`sessionId "${spec.sessionId}" must be a plain file name`)
  if (!(spec.fps > 0 && spec.fps <= 120)) bad('fps must be in (0, 120]')
  if (!(spec.seconds > 0 && spec.seconds <= 3600)) bad('seconds must be in (0, 3600]')
  if (!Number.isInteger(spec.width) || !Number.isInteger(spec.height) || spec.width < 32 || spec.height < 32 || spec.width > 2048 || spec.height > 2048) bad('width/height must be integers in [32, 2048]')
  if (spec.width % 2 || spec.height % 2) bad('width/height must be even (yuv420p)')
}

function segmentsWhere(segments: readonly DegradationSegment[], pickMod: (s: DegradationSegment) => boolean): FrameSegment[] {
  return segments.filter(pickMod).map((s) => ({ start: s.start, end: s.end }))
}

/** The per-frame signals a face needs. */
export type FrameSource = Pick<SynthSessionPlan, 'identity' | 'valence' | 'arousal' | 'speech' | 'blink' | 'pose'>

export function frameParams(plan: FrameSource, i: number): FaceParams {
  return {
    identity: plan.identity,
    valence: plan.valence[i],
    arousal: plan.arousal[i],
    speech: plan.speech[i],
    blink: plan.blink[i],
    pose: { yaw: plan.pose.yaw[i], roll: plan.pose.roll[i], tx: plan.pose.tx[i], ty: plan.pose.ty[i] }
  }
}

/** Builds the labels, audio and schedules of a session without rendering any frame. */
export function planSession(spec: SynthSessionSpec, identity: FaceIdentity = subjectIdentity(spec.subjectId)): SynthSessionPlan {
  validate(spec)
  const frames = Math.max(1, Math.round(spec.seconds * spec.fps))
  const seed = spec.seed >>> 0
  const traj = generateAffectTrajectory({
    frames,
    fps: spec.fps,
    seed: deriveSeed(seed, 'affect'),
    baselineValence: identity.baselineValence,
    baselineArousal: identity.baselineArousal
  })
  const speechSegments = generateSpeechSegments(frames, spec.fps, deriveSeed(seed, 'speech'))
  const audio = synthesizeSpeech({ frames, fps: spec.fps, speech: speechSegments, arousal: traj.arousal, valence: traj.valence, f0: identity.f0, seed: deriveSeed(seed, 'audio') })
  const speechRef = rms(audio.pcm) * Math.sqrt(audio.pcm.length / Math.max(1, speechSegments.reduce((s, g) => s + (g.end - g.start), 0) * (AUDIO_SAMPLE_RATE / spec.fps)))
  const { blink, blinkFrames } = generateBlinks(frames, spec.fps, traj.arousal, deriveSeed(seed, 'blink'))
  const pose = generatePoseTrack(frames, spec.fps, traj.arousal, audio.envelope, deriveSeed(seed, 'pose'))
  const segments = spec.degrade ? planDegradations(frames, spec.fps, deriveSeed(seed, 'degrade'), spec.severity ?? 'mixed') : []
  applyAudioDegradations(audio.pcm, AUDIO_SAMPLE_RATE, spec.fps, segments, Math.max(1e-4, speechRef), deriveSeed(seed, 'audio-degrade'))
  const plan0: FrameSource = { identity, valence: traj.valence, arousal: traj.arousal, speech: audio.envelope, blink, pose }
  const landmarks = new Float32Array(frames * LANDMARK_COUNT * 2)
  for (let i = 0; i < frames; i++) {
    const L = computeLayout(frameParams(plan0, i), spec.width, spec.height)
    landmarksFromLayout(L, landmarks.subarray(i * LANDMARK_COUNT * 2, (i + 1) * LANDMARK_COUNT * 2))
  }
  const manifest: SynthSessionManifest = {
    version: 1,
    subjectId: spec.subjectId,
    sessionId: spec.sessionId,
    seed,
    fps: spec.fps,
    width: spec.width,
    height: spec.height,
    frameCount: frames,
    audioSampleRate: AUDIO_SAMPLE_RATE,
    baseline: { valence: identity.baselineValence, arousal: identity.baselineArousal },
    expressionChanges: traj.changes,
    speechSegments,
    blinkFrames,
    degradations: segments.map((s) => ({ start: s.start, end: s.end, modality: segmentModality(s), video: s.video, audio: s.audio })),
    videoDegradedSegments: segmentsWhere(segments, (s) => s.video !== null),
    audioDegradedSegments: segmentsWhere(segments, (s) => s.audio !== null)
  }
  return { spec, identity, frameCount: frames, valence: traj.valence, arousal: traj.arousal, speech: audio.envelope, blink, pose, pcm: audio.pcm, landmarks, segments, manifest }
}

/** Renders and encodes a planned session to `videoPath`. */
export async function renderSession(plan: SynthSessionPlan, videoPath: string, opts: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {}): Promise<void> {
  const { spec } = plan
  const degrader = new VideoDegrader(spec.width, spec.height, plan.frameCount, plan.segments, deriveSeed(spec.seed >>> 0, 'video-degrade'))
  await writeMp4(videoPath, plan.frameCount, (i, out) => degrader.apply(i, renderFace(frameParams(plan, i), spec.width, spec.height, out)), {
    width: spec.width,
    height: spec.height,
    fps: spec.fps,
    audio: { pcm: plan.pcm, sampleRate: AUDIO_SAMPLE_RATE },
    signal: opts.signal,
    onProgress: opts.onProgress
  })
}

/**
 * Generates one synthetic session: `<outDir>/<sessionId>.mp4` (H.264 + AAC speech-like audio) with per-frame
 * valence/arousal, 68 landmarks and a manifest of expression changes, speech and degradations.
 */
export async function generateSession(
  spec: SynthSessionSpec,
  outDir: string,
  opts?: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal }
): Promise<SynthSessionResult> {
  const plan = planSession(spec)
  await mkdir(outDir, { recursive: true })
  const videoPath = join(outDir, `${spec.sessionId}.mp4`)
  await renderSession(plan, videoPath, opts)
  const labels = sessionAuExpression(plan.identity, plan)
  return { videoPath, frameCount: plan.frameCount, fps: spec.fps, valence: plan.valence, arousal: plan.arousal, landmarks: plan.landmarks, aus: labels.au, expression: labels.expression, manifest: plan.manifest }
}
