/**
 * IPC channels of the landmark trackers (issue #12), merged into the one contract
 * (contract.ts: InvokeMap extends LandmarksInvokeMap; INVOKE_CHANNELS spreads LANDMARKS_CHANNELS).
 */
import type { LandmarkEvalsResult, TrackerOption } from '../landmarks'

export interface LandmarksInvokeMap {
  /** Stored tracker evaluations (`circumplex eval-landmarks --tracker …`), of one ground-truth source or all. */
  'landmarks:evals': { args: { source?: string }; result: LandmarkEvalsResult }
  /** The trackers an import can use: 'default' and every finished tracker training run. */
  'landmarks:trackers': { args: Record<string, never>; result: TrackerOption[] }
}

export const LANDMARKS_CHANNELS = ['landmarks:evals', 'landmarks:trackers'] as const satisfies readonly (keyof LandmarksInvokeMap)[]
