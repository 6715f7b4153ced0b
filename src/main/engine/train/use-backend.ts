/**
 * Backend of the training and inference jobs: `jobBackend` takes the best available one, tfjs-node-gpu >
 * tfjs-node > wasm > cpu (or CIRCUMPLEX_TF_BACKEND's: backend.ts), and returns the label its run records carry.
 *
 * `useBackend` is the explicit choice (tests, and a job whose caller asked for one): wasm (its missing
 * Conv2DBackpropFilter is covered by the custom conv gradients of blocks/ and models/anclaf/layers.ts) on
 * CIRCUMPLEX_WASM_THREADS threads (wasm-threads.ts), else cpu; started by backend.ts like every other choice.
 */
import { backendLabel, initBackend, startBackend } from '../backend'
import { wasmThreadsWanted } from '../wasm-threads'

export type TrainBackend = 'wasm' | 'cpu'

export async function useBackend(prefer: TrainBackend = 'wasm'): Promise<TrainBackend> {
  if (prefer === 'wasm') {
    wasmThreadsWanted() // a bad CIRCUMPLEX_WASM_THREADS is an error, not a reason to fall back
    try {
      await startBackend('wasm')
      return 'wasm'
    } catch {
      // fall back to cpu
    }
  }
  await startBackend('cpu')
  return 'cpu'
}

/**
 * Initialises this job thread's backend — the best available one, or the one CIRCUMPLEX_TF_BACKEND forces (an error
 * if it cannot start) — and returns its run-record label, e.g. "wasm (2 threads, SIMD)".
 */
export async function jobBackend(env: Record<string, string | undefined> = process.env): Promise<string> {
  return backendLabel(await initBackend({ env }))
}

/**
 * The backend of a job that may run Human's face models (the trackers' jobs: the default tracker and face detection
 * are Human's FaceMesh/BlazeFace, which Human runs on wasm): wasm, never tfjs-node. A worker thread that has loaded
 * tfjs-node and then initialises wasm crashes the whole process with SIGSEGV when it exits (reproduced with Node 20,
 * tfjs-node 4.22 on TensorFlow 2.21: each alone, or in separate workers, exits cleanly). Returns the record label.
 */
export async function faceJobBackend(env: Record<string, string | undefined> = process.env): Promise<string> {
  return backendLabel(await initBackend({ force: 'wasm', env }))
}
