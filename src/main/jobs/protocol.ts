/** Messages between the job runner (main) and a job worker thread. */

export interface JobWorkerData {
  readonly kind: string
  readonly args: unknown
}

export type ToWorker = { readonly type: 'cancel' }

export type FromWorker =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'result'; readonly data: unknown }
  | { readonly type: 'error'; readonly code: string; readonly message: string }

export interface JobContext {
  progress(done: number, total: number): void
  readonly signal: AbortSignal
}

/** A job body; runs inside a worker thread, never on the main event loop. */
export type JobHandler = (args: unknown, ctx: JobContext) => Promise<unknown>

export function isFromWorker(m: unknown): m is FromWorker {
  if (typeof m !== 'object' || m === null) return false
  const t = (m as { type?: unknown }).type
  return t === 'progress' || t === 'result' || t === 'error'
}
