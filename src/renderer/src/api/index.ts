import type { BridgeApi } from '../../../shared/ipc/contract'
import { createClient, type ApiClient } from './client'
import { createWsBridge } from './ws-transport'

export { ApiError, type ApiClient } from './client'

declare global {
  interface Window {
    api?: BridgeApi
  }
}

let client: ApiClient | null = null
const statusListeners = new Set<(connected: boolean) => void>()

/** The app's single API client: Electron IPC when the preload exposed window.api, else WebSocket. */
export function api(): ApiClient {
  if (client) return client
  if (window.api) {
    client = createClient(window.api, 'electron')
  } else {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws'
    client = createClient(
      createWsBridge(`${proto}://${location.host}/ws`, (c) => statusListeners.forEach((l) => l(c))),
      'websocket'
    )
  }
  return client
}

export function onConnectionStatus(listener: (connected: boolean) => void): () => void {
  statusListeners.add(listener)
  return () => statusListeners.delete(listener)
}
