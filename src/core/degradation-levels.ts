/**
 * The thesis's degradation levels (T ch.3, L833-837; motion blur T ch.4, L1168), in one place for the
 * synthetic world (pixel-level, frame averaging) and the trainer's on-the-fly degradations (tfjs).
 */
export const THESIS_LEVELS = {
  /** Downsampling factors ×½, ¼, ⅛. */
  downsample: [2, 4, 8],
  /** Gaussian blur σ (pixels). */
  blurSigma: [1, 3, 5],
  /** Gaussian noise variance σ² on [0, 1] intensities. */
  noiseVariance: [0.001, 0.005, 0.01],
  /** Intensity (colour) scaling s. */
  intensityScale: [0.8, 0.5, 0.2],
  /** Motion blur over L consecutive frames. */
  motionBlurFrames: [10, 15, 25]
} as const
