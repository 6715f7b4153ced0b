/**
 * IPC channels of the compare part of the Train/Compare pages (issue #10), merged into the one contract
 * (contract.ts: InvokeMap extends CompareInvokeMap; INVOKE_CHANNELS spreads COMPARE_CHANNELS).
 * Channel names are `domain:verb`; argument and result types are plain JSON-safe data.
 */
import type { CompareResult, ConfigDiffResult, RunTagsResult } from '../compare'

export interface CompareInvokeMap {
  /** Replaces a run's tags: trimmed, lower case, 1-50 characters, duplicates dropped; returns the stored tags. */
  'runs:set-tags': { args: { runId: string; tags: string[] }; result: RunTagsResult }
  /** 2-20 runs side by side in the thesis Tables 7.5/7.6 layout; runs of one configuration over folds are one row. */
  'runs:compare': { args: { runIds: string[] }; result: CompareResult }
  /** The differing leaves of two runs' configs, and whether their data hash and code version differ. */
  'runs:config-diff': { args: { a: string; b: string }; result: ConfigDiffResult }
}

export const COMPARE_CHANNELS = ['runs:set-tags', 'runs:compare', 'runs:config-diff'] as const satisfies readonly (keyof CompareInvokeMap)[]
