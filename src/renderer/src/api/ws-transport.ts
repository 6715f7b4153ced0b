import type { BridgeApi, EventChannel, InvokeChannel } from '../../../shared/ipc/contract'

interface Pending {
  resolve: (v: unknown) => void
}

/**
 * The browser host's transport: the same contract over one WebSocket (authenticated by the
 * HttpOnly cookie the login page set). Calls made while (re)connecting are queued; the socket
 * reconnects with backoff, so jobs keep running in main and the UI re-attaches after a reload.
 */
export function createWsBridge(url: string, onStatus?: (connected: boolean) => void): BridgeApi {
  let ws: WebSocket | null = null
  let nextId = 1
  let retry = 250
  const pending = new Map<number, Pending>()
  const queue: string[] = []
  const listeners = new Map<string, Set<(p: unknown) => void>>()

  const connect = () => {
    ws = new WebSocket(url)
    ws.onopen = () => {
      retry = 250
      onStatus?.(true)
      while (queue.length > 0 && ws?.readyState === WebSocket.OPEN) ws.send(queue.shift() as string)
    }
    ws.onmessage = (ev) => {
      let m: { type?: string; id?: number | null; result?: unknown; event?: string; payload?: unknown }
      try {
        m = JSON.parse(String(ev.data))
      } catch {
        return
      }
      if (m.type === 'result' && typeof m.id === 'number') {
        pending.get(m.id)?.resolve(m.result)
        pending.delete(m.id)
      } else if (m.type === 'event' && typeof m.event === 'string') {
        listeners.get(m.event)?.forEach((l) => l(m.payload))
      }
    }
    ws.onclose = () => {
      onStatus?.(false)
      for (const [id, p] of pending) {
        p.resolve({ ok: false, error: { code: 'INTERNAL', message: 'connection to Circumplex lost' } })
        pending.delete(id)
      }
      setTimeout(connect, retry)
      retry = Math.min(retry * 2, 5000)
    }
  }
  connect()

  return {
    invoke(channel: InvokeChannel, args: unknown) {
      const id = nextId++
      const text = JSON.stringify({ id, type: 'invoke', channel, args })
      return new Promise((resolve) => {
        pending.set(id, { resolve })
        if (ws?.readyState === WebSocket.OPEN) ws.send(text)
        else queue.push(text)
      })
    },
    on(event: EventChannel, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => set.delete(listener)
    }
  }
}
