/**
 * Messages between main (EngineClient) and the engine thread (runEngineHost). Every request carries a `seq`
 * chosen by the client; every reply names it. Cancel is `{ cancel: seq }`; a cancelled call ends with the error
 * code CANCELLED. Errors cross as `{ code, message }` (AppErrorCode), never as thrown objects.
 */
import { isAppErrorCode, type AppErrorInfo } from '../../shared/ipc/errors'

export interface EngineRequest {
  readonly seq: number
  readonly type: string
  readonly args?: unknown
}
export interface EngineCancel {
  readonly cancel: number
}
export type ToEngine = EngineRequest | EngineCancel

export interface EngineProgress {
  readonly done: number
  readonly total: number
  /** Estimated seconds left (from the rate so far), null until there is a rate. */
  readonly etaS: number | null
}

export type FromEngine =
  | { readonly seq: number; readonly result: unknown }
  | { readonly seq: number; readonly error: AppErrorInfo }
  | { readonly seq: number; readonly progress: EngineProgress }

/** The part of a MessagePort / Worker / Electron parentPort both ends use. */
export interface PortLike {
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null
}

export function isEngineRequest(v: unknown): v is EngineRequest {
  return isObj(v) && Number.isInteger(v.seq) && typeof v.type === 'string'
}

export function isEngineCancel(v: unknown): v is EngineCancel {
  return isObj(v) && Number.isInteger(v.cancel)
}

export function isFromEngine(v: unknown): v is FromEngine {
  if (!isObj(v) || !Number.isInteger(v.seq)) return false
  if ('result' in v) return true
  if (isObj(v.error)) return isAppErrorCode(v.error.code) && typeof v.error.message === 'string'
  return isObj(v.progress) && typeof v.progress.done === 'number' && typeof v.progress.total === 'number'
}
