/**
 * The import's face pass with a chosen SequenceTracker (issue #12: a trained tracker selected at import).
 * The tracker follows the main face frame to frame; it starts (and restarts after it has lost the face) from the
 * Human detector: the most salient face's FaceMesh mapped to 68 points is the tracker's init(), as the 300-VW
 * protocol starts a tracker from the first frame's landmarks. While no face is tracked the detector runs on every
 * `idleStride`-th frame only (shorter face runs are discarded by the import anyway, see MIN_FACE_RUN).
 * Yields the same per-frame results as trackFaces (main subject only: no `others`), so the import stores them alike.
 */
import type { FrameDetector, TrackFrameResult } from '../../faces/face-tracker'
import { saliency } from '../../faces/face-tracker'
import { meshToLandmarks } from '../../faces/face-landmarker'
import type { SequenceTracker, TrackStep } from '../../faces/trackers/types'
import type { RgbFrame } from '../../media/frame-reader'

function fromStep(index: number, s: TrackStep, redetected: boolean): TrackFrameResult {
  if (s.points === null || s.box === null) return { index, main: null, others: [], redetected }
  return {
    index,
    main: { trackId: 0, box: [...s.box], points: s.points, confidence: s.pFace, mesh: [] },
    others: [],
    redetected: redetected || s.reinitialised
  }
}

export async function* trackWithSequenceTracker(
  tracker: SequenceTracker,
  det: FrameDetector,
  frames: AsyncIterable<RgbFrame>,
  opts: { signal?: AbortSignal; idleStride?: number } = {}
): AsyncGenerator<TrackFrameResult> {
  const stride = Math.max(1, Math.floor(opts.idleStride ?? 1))
  let tracking = false
  let idle = 0
  for await (const frame of frames) {
    if (opts.signal?.aborted) return
    if (tracking) {
      const s = await tracker.step(frame)
      tracking = s.points !== null
      if (tracking) {
        yield fromStep(frame.index, s, false)
        continue
      }
      idle = 0
    }
    // No face tracked: the detector, on every stride-th idle frame.
    if (idle++ % stride !== 0) {
      yield { index: frame.index, main: null, others: [], redetected: false }
      continue
    }
    const faces = await det.detect(frame, 'still')
    const best = faces.length === 0 ? null : faces.reduce((a, b) => (saliency(b.box, frame.width, frame.height) > saliency(a.box, frame.width, frame.height) ? b : a))
    if (best === null) {
      yield { index: frame.index, main: null, others: [], redetected: true }
      continue
    }
    const s = await tracker.init(frame, { points: meshToLandmarks(best.mesh) })
    tracking = s.points !== null
    if (tracking) idle = 0
    yield fromStep(frame.index, s, true)
  }
}
