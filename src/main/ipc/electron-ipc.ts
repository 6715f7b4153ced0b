import { ipcMain, type BrowserWindow } from 'electron'
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../shared/ipc/contract'
import type { Dispatch } from './dispatch'
import type { EventBus } from '../services/event-bus'

/** Registers one ipcMain handler per contract channel, all through the validating dispatcher. */
export function registerElectronIpc(dispatch: Dispatch, events: EventBus, windows: () => BrowserWindow[]): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (_event, args: unknown) => dispatch(channel, args))
  }
  const off = events.on((event, payload) => {
    if (!(EVENT_CHANNELS as readonly string[]).includes(event)) return
    for (const w of windows()) if (!w.isDestroyed()) w.webContents.send(event, payload)
  })
  return () => {
    off()
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel)
  }
}
