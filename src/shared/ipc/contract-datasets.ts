/**
 * IPC channels of the datasets part of the Train/Compare pages (issue #10), merged into the one contract
 * (contract.ts: InvokeMap extends DatasetInvokeMap; INVOKE_CHANNELS spreads DATASET_CHANNELS).
 * Channel names are `domain:verb`; argument and result types are plain JSON-safe data.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled as the channels are built
export interface DatasetInvokeMap {}

export const DATASET_CHANNELS = [] as const satisfies readonly (keyof DatasetInvokeMap)[]
