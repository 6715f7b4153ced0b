import type { RawData, WebSocket } from 'ws'
import { MAX_PAYLOAD_BYTES } from '../../shared/ipc/contract'
import { fail, type Result } from '../../shared/ipc/errors'
import type { Dispatch } from '../ipc/dispatch'

/** Client → server: `{type:'invoke', id, channel, args}`. Server → client: results and events. */
export type ServerMessage =
  | { readonly type: 'result'; readonly id: number | null; readonly result: Result<unknown> }
  | { readonly type: 'event'; readonly event: string; readonly payload: unknown }

function send(ws: WebSocket, m: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m))
}

function leadingId(text: string): number | null {
  const m = /^\s*\{\s*"id"\s*:\s*(\d{1,15})/.exec(text.slice(0, 64))
  return m ? Number(m[1]) : null
}

/** Handles one authenticated WebSocket: every message is one invoke answered with a Result. */
export function attachRpc(ws: WebSocket, dispatch: Dispatch): void {
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength
    const text = isBinary ? '' : data.toString()
    if (size > MAX_PAYLOAD_BYTES) {
      send(ws, { type: 'result', id: leadingId(text), result: fail('PAYLOAD_TOO_LARGE', `message of ${size} bytes exceeds ${MAX_PAYLOAD_BYTES}`) })
      return
    }
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch {
      send(ws, { type: 'result', id: null, result: fail('INVALID_ARGUMENT', 'message is not valid JSON') })
      return
    }
    const m = msg as { type?: unknown; id?: unknown; channel?: unknown; args?: unknown }
    const id = typeof m?.id === 'number' && Number.isSafeInteger(m.id) ? m.id : null
    if (typeof msg !== 'object' || msg === null || m.type !== 'invoke' || id === null) {
      send(ws, { type: 'result', id, result: fail('INVALID_ARGUMENT', 'expected {type:"invoke", id:number, channel, args}') })
      return
    }
    void dispatch(m.channel, m.args).then((result) => send(ws, { type: 'result', id, result }))
  })
}

export function broadcast(clients: Iterable<WebSocket>, event: string, payload: unknown): void {
  for (const ws of clients) send(ws, { type: 'event', event, payload })
}
