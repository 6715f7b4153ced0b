import type { EventChannel, EventMap } from '../../shared/ipc/contract'

export type EventListener = <K extends EventChannel>(channel: K, payload: EventMap[K]) => void

/** Fan-out of main → renderer events to every attached transport (Electron windows, WebSocket clients). */
export class EventBus {
  private readonly listeners = new Set<(channel: EventChannel, payload: unknown) => void>()

  emit<K extends EventChannel>(channel: K, payload: EventMap[K]): void {
    for (const l of this.listeners) l(channel, payload)
  }

  on(listener: (channel: EventChannel, payload: unknown) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
