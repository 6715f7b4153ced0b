import type { AppInfo, JobInfo, SessionSummary, TraceData, TraceSummary } from '../domain'

type NoArgs = Record<string, never>

/**
 * The one IPC contract: every invoke channel (`domain:verb`) with its argument and result types.
 * Main validates every argument against a schema before a service runs (src/main/ipc/schemas.ts);
 * the preload exposes exactly these channels; the renderer reaches them through one client.
 */
export interface InvokeMap {
  'app:info': { args: NoArgs; result: AppInfo }
  'sessions:list': { args: NoArgs; result: SessionSummary[] }
  'sessions:get': { args: { sessionId: string }; result: SessionSummary }
  'traces:list': { args: { sessionId: string }; result: TraceSummary[] }
  'traces:get': { args: { traceId: string; fromFrame?: number; toFrame?: number }; result: TraceData }
  'jobs:list': { args: NoArgs; result: JobInfo[] }
  'jobs:cancel': { args: { jobId: string }; result: JobInfo }
  'demo:create': { args: NoArgs; result: JobInfo }
  'media:import': { args: { path: string; name?: string; faces?: boolean; spectrogram?: boolean }; result: JobInfo }
}

/** Events pushed from main to every renderer. */
export interface EventMap {
  'job:progress': JobInfo
  'sessions:changed': { readonly sessionId: string | null }
}

export type InvokeChannel = keyof InvokeMap
export type InvokeArgs<K extends InvokeChannel> = InvokeMap[K]['args']
export type InvokeResult<K extends InvokeChannel> = InvokeMap[K]['result']
export type EventChannel = keyof EventMap

export const INVOKE_CHANNELS = [
  'app:info',
  'sessions:list',
  'sessions:get',
  'traces:list',
  'traces:get',
  'jobs:list',
  'jobs:cancel',
  'demo:create',
  'media:import'
] as const satisfies readonly InvokeChannel[]

export const EVENT_CHANNELS = ['job:progress', 'sessions:changed'] as const satisfies readonly EventChannel[]

// Compile-time proof that the runtime lists name every channel of the maps.
type Missing<All, Listed> = Exclude<All, Listed>
export const CONTRACT_COMPLETE: Missing<InvokeChannel, (typeof INVOKE_CHANNELS)[number]> extends never
  ? Missing<EventChannel, (typeof EVENT_CHANNELS)[number]> extends never
    ? true
    : never
  : never = true

/** Largest serialised argument payload accepted on any channel. */
export const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value)
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (EVENT_CHANNELS as readonly string[]).includes(value)
}

/** Shape of `window.api` exposed by the preload (and mimicked by the WebSocket transport). */
export interface BridgeApi {
  invoke(channel: InvokeChannel, args: unknown): Promise<unknown>
  on(event: EventChannel, listener: (payload: unknown) => void): () => void
}
