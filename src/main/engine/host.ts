/**
 * The engine's message loop (runs inside the engine thread): `{seq, type, args}` → `{seq, result}` or
 * `{seq, error: {code, message}}`, with `{seq, progress: {done, total, etaS}}` events while a call runs and
 * `{cancel: seq}` aborting that call's AbortSignal. Handlers are async functions by type; calls run concurrently
 * (the tfjs work inside them is serialised by the single JS thread anyway).
 */
import { AppError, type AppErrorInfo } from '../../shared/ipc/errors'
import { isEngineCancel, isEngineRequest, type FromEngine, type PortLike } from './engine-protocol'

export interface HandlerContext {
  readonly signal: AbortSignal
  /** Reports progress; at most one message per `minIntervalMs` (the last one, done == total, always goes). */
  progress(done: number, total: number): void
  /** Throws AppError('CANCELLED') if the call was cancelled; call it between steps. */
  throwIfCancelled(): void
}

export type EngineHandler = (args: unknown, ctx: HandlerContext) => Promise<unknown> | unknown
export type EngineHandlers = Readonly<Record<string, EngineHandler>>

export interface HostOptions {
  /** Minimum milliseconds between two progress messages of one call (default 100). */
  readonly minIntervalMs?: number
  readonly now?: () => number
}

export function toErrorInfo(e: unknown, cancelled: boolean): AppErrorInfo {
  if (cancelled) return { code: 'CANCELLED', message: 'cancelled' }
  if (e instanceof AppError) return { code: e.code, message: e.message }
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) }
}

/** Starts serving `port`; returns a function that reports how many calls are in flight (for tests). */
export function runEngineHost(port: PortLike, handlers: EngineHandlers, opts: HostOptions = {}): () => number {
  const now = opts.now ?? Date.now
  const minInterval = opts.minIntervalMs ?? 100
  const inFlight = new Map<number, AbortController>()
  const post = (m: FromEngine): void => port.postMessage(m)

  async function serve(seq: number, type: string, args: unknown): Promise<void> {
    const handler = Object.prototype.hasOwnProperty.call(handlers, type) ? handlers[type] : undefined
    if (!handler) {
      post({ seq, error: { code: 'UNKNOWN_CHANNEL', message: `unknown engine call ${type}` } })
      return
    }
    const controller = new AbortController()
    inFlight.set(seq, controller)
    const started = now()
    let lastSent = -Infinity
    const ctx: HandlerContext = {
      signal: controller.signal,
      progress: (done, total) => {
        const t = now()
        if (done < total && t - lastSent < minInterval) return
        lastSent = t
        const elapsedS = (t - started) / 1000
        const etaS = done > 0 && total >= done ? (elapsedS / done) * (total - done) : null
        post({ seq, progress: { done, total, etaS } })
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new AppError('CANCELLED', 'cancelled')
      }
    }
    try {
      const result = await handler(args, ctx)
      if (controller.signal.aborted) post({ seq, error: toErrorInfo(null, true) })
      else post({ seq, result })
    } catch (e) {
      post({ seq, error: toErrorInfo(e, controller.signal.aborted) })
    } finally {
      inFlight.delete(seq)
    }
  }

  port.on('message', (m: unknown) => {
    if (isEngineCancel(m)) inFlight.get(m.cancel)?.abort()
    else if (isEngineRequest(m)) void serve(m.seq, m.type, m.args)
  })
  return () => inFlight.size
}
