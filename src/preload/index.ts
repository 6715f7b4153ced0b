/**
 * Builds `window.api` from the IPC contract: exactly the contract's channels, nothing else.
 * No logic and no raw ipcRenderer reach the renderer.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { EVENT_CHANNELS, INVOKE_CHANNELS, type BridgeApi, type EventChannel, type InvokeChannel } from '../shared/ipc/contract'

const invokeAllowed = new Set<string>(INVOKE_CHANNELS)
const eventAllowed = new Set<string>(EVENT_CHANNELS)

const api: BridgeApi = {
  invoke(channel: InvokeChannel, args: unknown) {
    if (!invokeAllowed.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel ${String(channel)}` } })
    }
    return ipcRenderer.invoke(channel, args)
  },
  on(event: EventChannel, listener: (payload: unknown) => void) {
    if (!eventAllowed.has(event)) return () => undefined
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(event, wrapped)
    return () => {
      ipcRenderer.removeListener(event, wrapped)
    }
  }
}

contextBridge.exposeInMainWorld('api', api)
