/**
 * Main's side of the engine: one promise per call over a Worker / MessagePort / utility process port.
 * `call(type, args, {onProgress, signal})`; `cancel(seq)`; `onProgress(listener)` returns an unsubscribe.
 * Rejections are AppError with the engine's code (CANCELLED, INTERNAL, …).
 */
import { AppError } from '../../shared/ipc/errors'
import { isFromEngine, type EngineProgress, type PortLike, type ToEngine } from './engine-protocol'

export type ProgressListener = (seq: number, type: string, progress: EngineProgress) => void

interface Pending {
  readonly type: string
  resolve(v: unknown): void
  reject(e: AppError): void
  readonly onProgress?: (p: EngineProgress) => void
}

export interface CallOptions {
  readonly onProgress?: (p: EngineProgress) => void
  readonly signal?: AbortSignal
}

export class EngineClient {
  private nextSeq = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Set<ProgressListener>()
  private closedReason: string | null = null

  constructor(private readonly port: PortLike) {
    port.on('message', (m: unknown) => this.receive(m))
  }

  /** Starts a call; the returned promise carries its `seq` (for `cancel`). */
  call<T = unknown>(type: string, args?: unknown, opts: CallOptions = {}): Promise<T> & { readonly seq: number } {
    const seq = this.nextSeq++
    const promise = new Promise<T>((resolve, reject) => {
      if (this.closedReason) {
        reject(new AppError('INTERNAL', this.closedReason))
        return
      }
      this.pending.set(seq, { type, resolve: resolve as (v: unknown) => void, reject, onProgress: opts.onProgress })
      if (opts.signal) {
        if (opts.signal.aborted) this.cancel(seq)
        else opts.signal.addEventListener('abort', () => this.cancel(seq), { once: true })
      }
      this.send({ seq, type, args })
    })
    return Object.assign(promise, { seq })
  }

  /** Asks the engine to cancel call `seq` (it then rejects with CANCELLED). */
  cancel(seq: number): void {
    if (this.pending.has(seq)) this.send({ cancel: seq })
  }

  /** Progress of every call; returns an unsubscribe function. */
  onProgress(listener: ProgressListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Rejects every pending call (e.g. when the worker exited or errored); later calls reject at once. */
  close(reason = 'engine stopped'): void {
    this.closedReason = reason
    for (const p of this.pending.values()) p.reject(new AppError('INTERNAL', reason))
    this.pending.clear()
  }

  get inFlight(): number {
    return this.pending.size
  }

  private send(m: ToEngine): void {
    this.port.postMessage(m)
  }

  private receive(m: unknown): void {
    if (!isFromEngine(m)) return
    const p = this.pending.get(m.seq)
    if (!p) return
    if ('progress' in m) {
      p.onProgress?.(m.progress)
      for (const l of this.listeners) l(m.seq, p.type, m.progress)
      return
    }
    this.pending.delete(m.seq)
    if ('error' in m) p.reject(new AppError(m.error.code, m.error.message))
    else p.resolve(m.result)
  }
}
