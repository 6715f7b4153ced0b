/**
 * IPC channels of the compare part of the Train/Compare pages (issue #10), merged into the one contract
 * (contract.ts: InvokeMap extends CompareInvokeMap; INVOKE_CHANNELS spreads COMPARE_CHANNELS).
 * Channel names are `domain:verb`; argument and result types are plain JSON-safe data.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled as the channels are built
export interface CompareInvokeMap {}

export const COMPARE_CHANNELS = [] as const satisfies readonly (keyof CompareInvokeMap)[]
