/**
 * The face crop of every frame of a video from its per-frame landmarks (the crop policy's size), for inference jobs:
 * frames without landmarks (or a box) are marked missing, never filled with zeros that a model would read as a face.
 */
import { CROP_POLICIES, cropBoxFromLandmarks, cropRgb } from '../../media/crops'
import { readFrames } from '../../media/frame-reader'

export interface SessionCrops {
  readonly size: number
  /** frameCount × size × size × 3 RGB bytes. */
  readonly crops: Uint8Array
  /** 1 = no face on that frame. */
  readonly missing: Uint8Array
}

export async function sessionCrops(
  video: string,
  landmarks: Float32Array,
  frameCount: number,
  cropPolicy: string,
  o: { signal?: AbortSignal; onFrame?: (index: number) => void } = {}
): Promise<SessionCrops> {
  const policy = CROP_POLICIES[cropPolicy]
  const fb = policy.size * policy.size * 3
  const crops = new Uint8Array(frameCount * fb)
  const missing = new Uint8Array(frameCount).fill(1)
  for await (const f of readFrames(video, { signal: o.signal })) {
    if (f.index >= frameCount) break
    const box = cropBoxFromLandmarks(landmarks.subarray(f.index * 136, (f.index + 1) * 136), policy)
    if (box) {
      cropRgb(f.data, f.width, f.height, box, policy.size, crops.subarray(f.index * fb, (f.index + 1) * fb))
      missing[f.index] = 0
    }
    o.onFrame?.(f.index)
  }
  return { size: policy.size, crops, missing }
}
