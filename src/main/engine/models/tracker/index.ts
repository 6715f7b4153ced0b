/**
 * The thesis's facial alignment and tracking networks (T = shared/papers/001_*.txt ch.2-4: CRCT's box tracker BT,
 * face validation FV and re-initialisation; FADeNN's denoisers D/S/M; DCRT = denoiser + BT + FV) — a REDUCED
 * reproduction, trained from scratch on this machine:
 * - the pretrained Inception-ResNet-v1 (ch.2-3) and SENet/VGGFace2 (ch.4) trunks are replaced by one compact
 *   residual CNN trained from scratch (compact estimator 0.48 M parameters; the named trunks have ~23-28 M in their
 *   standard forms — the thesis states no counts);
 * - the 'compact' preset (default) is what trains here: 128² input as in the thesis, but narrow layers, a 2-layer
 *   LSTM of 128 units (thesis 512), curriculum 2 → 8 (thesis 2 → 32), ~15 minutes of CPU training (thesis: days on
 *   2-5 GPUs);
 *   the 'thesis' preset documents the thesis sizes and is not meant to train here;
 * - augmentation is box jitter + the thesis degradations only (no flips, rotations, occlusion strips); ch.4's real
 *   illumination data (Yale, SOF) is absent; MTCNN is replaced by the caller's `redetect` (e.g. Human's detector).
 * Every decision, with thesis line citations: config.ts. Variants: 'fll' = (FADeNN denoiser +) per-frame landmark
 * estimator (ch.3); 'crt' = BT + FV + FLL refinement (ch.2); 'dcrt' = BT + FV + DFA (denoiser + FLE) (ch.4).
 */
import { AppError } from '../../../../shared/ipc/errors'
import { trainTracker as runTraining } from '../../train/tracker-trainer'
import { trackerConfig, type TrackerConfig } from './config'
import type { TrackerTrainingData, TrainTrackerOptions, TrainTrackerResult } from './data'
import { loadTrackerFromDir } from './io'
import type { TrackerModel } from './model'

export { trackerConfig, validateTrackerConfig, REGIONS, TRACKER_VARIANTS } from './config'
export type { TrackerConfig, TrackerOverrides, TrackerVariant, DenoiserKind, TrackerPreset } from './config'
export type { TrackerSequence, TrackerTrainingData, TrainTrackerOptions, TrainTrackerResult, TrainProgress, TrainEpoch } from './data'
export type { TrackerModel } from './model'
export { disposeTrackerModel, parameterCounts } from './model'
export { createTrainedTracker, type TrainedTrackerOptions } from './tracker'
export { TRACKER_CONFIG, TRACKER_WEIGHTS, TRACKER_LAST } from './io'
export { boxOfPoints, cropImage, cropWindowOf, toCropCoords, fromCropCoords } from './crop'
export { reinitBox, shouldResetLstm } from './reinit'

/** Trains `cfg` on `data`; writes config.json, checkpoint.ckpt and weights.ckpt into `opts.runDir`. */
export async function trainTracker(data: TrackerTrainingData, cfg: TrackerConfig, opts: TrainTrackerOptions): Promise<TrainTrackerResult> {
  return runTraining(data, cfg, opts)
}

/** The selected model of a run folder (config + weights); the caller disposes it with disposeTrackerModel. */
export async function loadTrackerModel(runDir: string): Promise<TrackerModel> {
  if (typeof runDir !== 'string' || runDir.length === 0) throw new AppError('INVALID_ARGUMENT', 'loadTrackerModel needs a run folder')
  return loadTrackerFromDir(runDir)
}

/** The default configuration (compact preset, DCRT). */
export function defaultTrackerConfig(): TrackerConfig {
  return trackerConfig()
}
