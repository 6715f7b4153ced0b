import type { BridgeApi, EventChannel, EventMap, InvokeArgs, InvokeChannel, InvokeResult } from '../../../shared/ipc/contract'
import type { AppErrorCode, Result } from '../../../shared/ipc/errors'

/** An error answered by main, with its code. */
export class ApiError extends Error {
  readonly code: AppErrorCode | string
  constructor(code: AppErrorCode | string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
  }
}

export interface ApiClient {
  readonly transport: 'electron' | 'websocket'
  invoke<K extends InvokeChannel>(channel: K, args: InvokeArgs<K>): Promise<InvokeResult<K>>
  on<K extends EventChannel>(event: K, listener: (payload: EventMap[K]) => void): () => void
}

function isResult(v: unknown): v is Result<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean'
}

/** The one typed client over a bridge (Electron's window.api or the WebSocket transport). */
export function createClient(bridge: BridgeApi, transport: ApiClient['transport']): ApiClient {
  return {
    transport,
    async invoke(channel, args) {
      const r = await bridge.invoke(channel, args)
      if (!isResult(r)) throw new ApiError('INTERNAL', `malformed answer on ${channel}`)
      if (!r.ok) throw new ApiError(r.error.code, r.error.message)
      return r.data as InvokeResult<typeof channel>
    },
    on(event, listener) {
      return bridge.on(event, (p) => listener(p as EventMap[typeof event]))
    }
  }
}
