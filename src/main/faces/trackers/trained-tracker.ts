/**
 * Opens a trained tracker (engine/models/tracker): its model from the run folder, wrapped as a SequenceTracker with
 * the Human detector as re-detector (thesis eq. 2.8: re-initialisation from a detection when validation fails; MTCNN
 * in the thesis). The re-detector answers the 68-point box (landmark min/max, the thesis's box) of the most salient
 * face. dispose() frees the model's tensors too.
 */
import { createTrainedTracker, disposeTrackerModel, loadTrackerModel } from '../../engine/models/tracker'
import { saliency } from '../face-tracker'
import { meshToLandmarks } from '../face-landmarker'
import { getHumanDetector, type Box, type RgbImage } from '../human-detector'
import { pointsBox } from './default-tracker'
import type { SequenceTracker } from './types'

export async function openTrainedTracker(spec: { id: string; runDir: string; denoise: boolean }): Promise<SequenceTracker> {
  const det = await getHumanDetector() // also sets up the shared tfjs backend
  const model = await loadTrackerModel(spec.runDir)
  const redetect = async (frame: RgbImage): Promise<Box | null> => {
    const faces = await det.detect(frame, 'still')
    if (faces.length === 0) return null
    const best = faces.reduce((a, b) => (saliency(b.box, frame.width, frame.height) > saliency(a.box, frame.width, frame.height) ? b : a))
    return pointsBox(meshToLandmarks(best.mesh))
  }
  const inner = createTrainedTracker(model, { id: spec.id, denoise: spec.denoise, redetect })
  return {
    id: inner.id,
    init: (frame, from) => inner.init(frame, from),
    step: (frame) => inner.step(frame),
    dispose: () => {
      inner.dispose()
      disposeTrackerModel(model)
    }
  }
}
