/**
 * Entry of the engine thread (build: electron-vite main entry 'engine-worker' → out/main/engine-worker.js).
 * Runs as a worker thread (`new Worker(path)`) or as an Electron utility process (`utilityProcess.fork(path)`,
 * whose `process.parentPort` delivers `{data}` events); serves ENGINE_HANDLERS over the message loop of host.ts.
 */
import { parentPort } from 'node:worker_threads'
import type { PortLike } from './engine-protocol'
import { ENGINE_HANDLERS } from './handlers'
import { runEngineHost } from './host'

interface UtilityParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown
}

function resolvePort(): PortLike | null {
  if (parentPort) return parentPort as unknown as PortLike
  const utility = (process as unknown as { parentPort?: UtilityParentPort }).parentPort
  if (!utility) return null
  return {
    postMessage: (m) => utility.postMessage(m),
    on: (_event, listener) => utility.on('message', (e) => listener(e.data))
  }
}

const port = resolvePort()
if (!port) throw new Error('engine-worker must run as a worker thread or an Electron utility process')
runEngineHost(port, ENGINE_HANDLERS)
