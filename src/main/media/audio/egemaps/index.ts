/** eGeMAPSv02 low-level descriptors and the per-video-frame AEG-CD-SZ audio features (see llds.ts). */
export { EGEMAPS_LLD_NAMES, LLD_COUNT, LldExtractor, lldIndex, smoothSma3, type LldName, type LldOptions } from './llds'
export {
  AUDIO_FEATURE_DIM,
  AUDIO_FEATURE_NAMES,
  AUDIO_LLD_SETS,
  audioFeatureStats,
  frameAudioFeatures,
  normaliseAudioFeatures,
  type AudioFeatureStats,
  type FrameAudioFeatureOptions,
  type FrameAudioFeatures
} from './frame-features'
export { htkMel, htkMelBank, mfccFromMel, equalLoudness } from './spectral'
export { lpcFormants, levinson, polyRoots } from './formants'
export { semitoneFrom27_5 } from './voice'
