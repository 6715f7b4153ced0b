/**
 * IPC channels of the apply part of the Train/Compare pages (issue #10), merged into the one contract
 * (contract.ts: InvokeMap extends ApplyInvokeMap; INVOKE_CHANNELS spreads APPLY_CHANNELS).
 * Channel names are `domain:verb`; argument and result types are plain JSON-safe data.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled as the channels are built
export interface ApplyInvokeMap {}

export const APPLY_CHANNELS = [] as const satisfies readonly (keyof ApplyInvokeMap)[]
