/**
 * Test fixture for the AP pipeline: the sequence pipeline's tiny synthetic world (training/test-world.ts: 3 subjects
 * × 16 frames, tiny stage-1 runs in a real store) with a job runner whose handlers — the AP's — run inline on this
 * thread (no worker), with real progress and cancel.
 */
import { AppError } from '../../../shared/ipc/errors'
import { JobRunner, type WorkerFactory, type WorkerLike } from '../../jobs/job-runner'
import type { FromWorker, JobHandler } from '../../jobs/protocol'
import { makeWorld, type TestWorld } from '../training/test-world'
import { apInferJob } from './ap-infer-job'
import { apTrainJob } from './ap-train-job'

const HANDLERS: Record<string, JobHandler> = { 'model:train-ap': apTrainJob, 'model:infer-ap': apInferJob }

const inlineApWorkers: WorkerFactory = (kind, args) => {
  const listeners: { message: Array<(m: unknown) => void>; exit: Array<(c: number) => void> } = { message: [], exit: [] }
  const ac = new AbortController()
  const w: WorkerLike = {
    postMessage: (m) => m.type === 'cancel' && ac.abort(),
    on: (ev: string, l: (x: never) => void) => {
      if (ev === 'message' || ev === 'exit') (listeners[ev] as Array<(x: never) => void>).push(l)
      return w
    },
    terminate: async () => 0
  } as WorkerLike
  setImmediate(async () => {
    const emit = (m: FromWorker) => listeners.message.forEach((l) => l(m))
    try {
      const handler = HANDLERS[kind]
      if (!handler) throw new AppError('INTERNAL', `no inline handler for ${kind}`)
      const data = await handler(args, { signal: ac.signal, progress: (done, total) => emit({ type: 'progress', done, total }) })
      emit({ type: 'result', data })
    } catch (e) {
      emit({ type: 'error', code: ac.signal.aborted ? 'CANCELLED' : e instanceof AppError ? e.code : 'JOB_FAILED', message: (e as Error).message })
    }
    listeners.exit.forEach((l) => l(0))
  })
  return w
}

export async function makeApWorld(): Promise<TestWorld> {
  const w = await makeWorld()
  const ctx = { ...w.ctx, jobs: new JobRunner({ createWorker: inlineApWorkers, progressIntervalMs: 0 }) }
  return { ...w, ctx }
}
