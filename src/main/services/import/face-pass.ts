import { trackFaces } from '../../faces/face-tracker'
import { getHumanDetector } from '../../faces/human-detector'
import { readFrames } from '../../media/frame-reader'
import type { VideoStreamFacts } from '../../media/inspect'

export const FACE_DETECTOR_ID = 'human-3.3.6/facemesh→ibug68(fitted)'

export interface FacePassResult {
  readonly detector: string
  /** frameCount × 68 × 2, display pixels; NaN on frames without a face. */
  readonly landmarks: Float32Array
  /** frameCount × 4 (x, y, w, h); NaN without a face. */
  readonly boxes: Float32Array
  readonly confidence: Float32Array
  readonly framesWithFace: number
  readonly redetections: number
  /** Frames that came out of the decoder (may be fewer than the packet count for a damaged file). */
  readonly framesDecoded: number
}

/**
 * Decodes every frame (scaled so its longer side is at most `maxSide`), tracks the main face and
 * stores its 68 points in display pixels. Frames without a face stay NaN (gaps, never zeros).
 */
export async function runFacePass(
  path: string,
  video: VideoStreamFacts,
  opts: { maxSide: number; signal: AbortSignal; onFrame: (done: number) => void; env?: NodeJS.ProcessEnv }
): Promise<FacePassResult> {
  const n = video.frameCount
  const landmarks = new Float32Array(n * 136).fill(Number.NaN)
  const boxes = new Float32Array(n * 4).fill(Number.NaN)
  const confidence = new Float32Array(n).fill(Number.NaN)
  const det = await getHumanDetector()
  let framesWithFace = 0
  let redetections = 0
  let framesDecoded = 0
  let scale = 1
  const frames = readFrames(path, { maxSide: opts.maxSide, signal: opts.signal, env: opts.env })
  const scaled = (async function* () {
    for await (const f of frames) {
      scale = video.displayWidth / f.width
      yield f
    }
  })()
  for await (const r of trackFaces(det, scaled, { fps: video.fps, signal: opts.signal })) {
    framesDecoded++
    if (r.redetected) redetections++
    const i = r.index
    if (i >= n) continue
    if (r.main) {
      framesWithFace++
      confidence[i] = r.main.confidence
      const [bx, by, bw, bh] = r.main.box
      boxes.set([bx * scale, by * scale, bw * scale, bh * scale], i * 4)
      r.main.points.forEach((p, k) => {
        landmarks[i * 136 + 2 * k] = p[0] * scale
        landmarks[i * 136 + 2 * k + 1] = p[1] * scale
      })
    }
    opts.onFrame(framesDecoded)
  }
  return { detector: FACE_DETECTOR_ID, landmarks, boxes, confidence, framesWithFace, redetections, framesDecoded }
}

/** Runs of frames with and without a face, for reports: [[start, endExclusive, present], ...]. */
export function faceStretches(confidence: Float32Array): Array<[number, number, boolean]> {
  const out: Array<[number, number, boolean]> = []
  for (let i = 0; i < confidence.length; i++) {
    const present = !Number.isNaN(confidence[i])
    const last = out[out.length - 1]
    if (last && last[2] === present) last[1] = i + 1
    else out.push([i, i + 1, present])
  }
  return out
}
