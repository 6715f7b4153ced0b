/** Messages between the job runner (main) and a job worker thread. */

export interface JobWorkerData {
  readonly kind: string
  readonly args: unknown
}

export type ToWorker = { readonly type: 'cancel' }

export type FromWorker =
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly phase?: string }
  | { readonly type: 'result'; readonly data: unknown }
  | { readonly type: 'error'; readonly code: string; readonly message: string }

export interface JobContext {
  /**
   * Reports done/total. A `phase` (e.g. 'loading', then 'training') starts a new ETA estimate: the rate is
   * measured from the first report of the phase, so a slow set-up or work done before a resume does not skew it.
   */
  progress(done: number, total: number, phase?: string): void
  readonly signal: AbortSignal
}

/** A job body; runs inside a worker thread, never on the main event loop. */
export type JobHandler = (args: unknown, ctx: JobContext) => Promise<unknown>

export function isFromWorker(m: unknown): m is FromWorker {
  if (typeof m !== 'object' || m === null) return false
  const t = (m as { type?: unknown }).type
  return t === 'progress' || t === 'result' || t === 'error'
}
