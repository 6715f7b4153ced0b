/**
 * The engine's calls by type. Model and training issues add their handlers here (e.g. 'anclaf:train').
 * Each handler validates its own args and throws AppError('INVALID_ARGUMENT', …) on bad input.
 */
import { AppError } from '../../shared/ipc/errors'
import { initBackend, isBackendName, type BackendReport } from './backend'
import type { EngineHandlers } from './host'
import { getTf } from './tf'

export const ENGINE_HANDLERS: EngineHandlers = {
  /** Initialises the backend (args: {backend?: BackendName}) and reports it. */
  'engine:init': async (args): Promise<BackendReport> => {
    const force = (args as { backend?: unknown } | undefined)?.backend
    if (force !== undefined && !isBackendName(force)) throw new AppError('INVALID_ARGUMENT', `unknown backend ${String(force)}`)
    return initBackend(force ? { force } : {})
  },
  /** Tensor and memory counters of the engine's tfjs (leak checks across the boundary). */
  'engine:memory': () => {
    const m = getTf().memory()
    return { numTensors: m.numTensors, numBytes: m.numBytes }
  },
  /** A cancellable wait with progress (tests and smoke checks of the loop): args {steps, stepMs}. */
  'engine:sleep': async (args, ctx) => {
    const { steps = 1, stepMs = 10 } = (args ?? {}) as { steps?: number; stepMs?: number }
    for (let i = 0; i < steps; i++) {
      ctx.throwIfCancelled()
      await new Promise((r) => setTimeout(r, stepMs))
      ctx.progress(i + 1, steps)
    }
    return { steps }
  }
}
