/**
 * IPC channels of the training part of the Train/Compare pages (issue #10), merged into the one contract
 * (contract.ts: InvokeMap extends TrainingInvokeMap; INVOKE_CHANNELS spreads TRAINING_CHANNELS).
 * Channel names are `domain:verb`; argument and result types are plain JSON-safe data.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled as the channels are built
export interface TrainingInvokeMap {}

export const TRAINING_CHANNELS = [] as const satisfies readonly (keyof TrainingInvokeMap)[]
