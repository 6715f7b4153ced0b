import type { TrackerOverrides } from './config'

/** Tiny network sizes for tests (32² input, a few channels): shapes and leaks, not accuracy. */
export const TINY_TRACKER: TrackerOverrides = {
  inputSize: 32,
  backbone: { channels: [4, 8], blocksPerStage: 1, featDim: 16 },
  embedDim: 16,
  lstm: { layers: 2, hidden: 8 },
  fv: { patch: 4, channels: [8], hidden: 8 },
  denoiser: { channels: [4, 8] }
}
