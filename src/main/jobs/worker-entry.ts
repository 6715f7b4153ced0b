/**
 * Entry of every job worker thread (built to out/main/job-worker.js). Looks up the handler for
 * `workerData.kind`, runs it with progress and an AbortSignal, and posts the result or an error code.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { AppError } from '../../shared/ipc/errors'
import { JOB_HANDLERS } from './handlers'
import type { FromWorker, JobWorkerData } from './protocol'

function post(m: FromWorker): void {
  parentPort?.postMessage(m)
}

async function main(): Promise<void> {
  const { kind, args } = workerData as JobWorkerData
  const controller = new AbortController()
  parentPort?.on('message', (m: unknown) => {
    if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'cancel') controller.abort()
  })
  const handler = JOB_HANDLERS[kind]
  if (!handler) {
    post({ type: 'error', code: 'INVALID_ARGUMENT', message: `unknown job kind ${kind}` })
    return
  }
  try {
    const data = await handler(args, {
      signal: controller.signal,
      progress: (done, total, phase) => post(phase === undefined ? { type: 'progress', done, total } : { type: 'progress', done, total, phase })
    })
    post({ type: 'result', data })
  } catch (e) {
    if (controller.signal.aborted) post({ type: 'error', code: 'CANCELLED', message: 'cancelled' })
    else if (e instanceof AppError) post({ type: 'error', code: e.code, message: e.message })
    else post({ type: 'error', code: 'JOB_FAILED', message: (e as Error)?.message ?? String(e) })
  } finally {
    parentPort?.close()
  }
}

void main()
