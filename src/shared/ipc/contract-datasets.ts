/**
 * IPC channels of the datasets part of the Train/Compare pages (issue #10), merged into the one contract
 * (contract.ts: InvokeMap extends DatasetInvokeMap; INVOKE_CHANNELS spreads DATASET_CHANNELS).
 * Channel names are `domain:verb`; argument and result types are plain JSON-safe data.
 */
import type {
  DatasetCheck,
  DatasetDetail,
  DatasetFold,
  DatasetFormat,
  DatasetInfo,
  DatasetJobStart,
  FromSessionsRequest
} from '../datasets'

export interface DatasetInvokeMap {
  /** Registered datasets, newest first. */
  'datasets:list': { args: Record<string, never>; result: DatasetInfo[] }
  /** One dataset: summary (subjects, clips, coverage, V-A histogram) and its saved folds. */
  'datasets:get': { args: { datasetId: string }; result: DatasetDetail }
  /** Checks the folder now, then reads, checks and hashes it in a job; the dataset exists once the job is done. */
  'datasets:register': { args: { path: string; format: DatasetFormat; name?: string }; result: DatasetJobStart }
  /** Writes a dataset folder from annotated sessions under the data directory (a job) and registers it. */
  'datasets:from-sessions': { args: FromSessionsRequest; result: DatasetJobStart }
  /** Replaces the folds (every subject in exactly one split per fold); `seed`: the k-fold seed they were made with. */
  'datasets:save-folds': { args: { datasetId: string; folds: DatasetFold[]; seed?: number | null }; result: DatasetDetail }
  /** Forgets a registration (and its folds); never deletes the folder. */
  'datasets:remove': { args: { datasetId: string }; result: { datasetId: string; path: string } }
  /** Re-hashes the folder and compares with the hash at registration. */
  'datasets:check': { args: { datasetId: string }; result: DatasetCheck }
}

export const DATASET_CHANNELS = [
  'datasets:list',
  'datasets:get',
  'datasets:register',
  'datasets:from-sessions',
  'datasets:save-folds',
  'datasets:remove',
  'datasets:check'
] as const satisfies readonly (keyof DatasetInvokeMap)[]
