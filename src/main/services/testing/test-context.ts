/**
 * Test helpers shared by the service tests: an AppContext over a real store (a file or ':memory:') whose job runner
 * runs the given job handlers on this thread instead of a worker (real progress, cancel → abort, onResult), and the
 * inline worker factory itself (also to give an existing context other handlers: withInlineJobs).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../../shared/ipc/errors'
import { layoutOf } from '../../data-dir'
import { openDatabase } from '../../db/connection'
import { JobRunner, type WorkerFactory, type WorkerLike } from '../../jobs/job-runner'
import type { FromWorker, JobHandler } from '../../jobs/protocol'
import type { AppContext } from '../app-context'
import { EventBus } from '../event-bus'

export type JobHandlers = Readonly<Record<string, JobHandler>>

/** Runs job handlers on this thread behind the WorkerLike surface (messages, cancel → abort, exit). */
export function inlineWorkers(handlers: JobHandlers): WorkerFactory {
  return (kind, args) => {
    const listeners: { message: Array<(m: unknown) => void>; exit: Array<(c: number) => void> } = { message: [], exit: [] }
    const ac = new AbortController()
    const w = {
      postMessage: (m: { type: string }) => m.type === 'cancel' && ac.abort(),
      on: (ev: string, l: (x: never) => void) => {
        if (ev === 'message' || ev === 'exit') (listeners[ev] as Array<(x: never) => void>).push(l)
        return w
      },
      terminate: async () => 0
    } as unknown as WorkerLike
    setImmediate(async () => {
      const emit = (m: FromWorker) => listeners.message.forEach((l) => l(m))
      try {
        const h = handlers[kind]
        // As the real worker (jobs/worker-entry.ts) answers a kind it does not know.
        if (!h) throw new AppError('INVALID_ARGUMENT', `unknown job kind ${kind}`)
        const data = await h(args, { signal: ac.signal, progress: (done, total) => emit({ type: 'progress', done, total }) })
        emit({ type: 'result', data })
      } catch (e) {
        emit({ type: 'error', code: ac.signal.aborted ? 'CANCELLED' : e instanceof AppError ? e.code : 'JOB_FAILED', message: (e as Error).message })
      }
      listeners.exit.forEach((l) => l(0))
    })
    return w
  }
}

/** A job runner (no progress throttling) running `handlers` inline. */
export function inlineJobRunner(handlers: JobHandlers): JobRunner {
  return new JobRunner({ createWorker: inlineWorkers(handlers), progressIntervalMs: 0 })
}

/** The same context with a fresh job runner running `handlers` inline. */
export function withInlineJobs(ctx: AppContext, handlers: JobHandlers): AppContext {
  return { ...ctx, jobs: inlineJobRunner(handlers) }
}

export interface TestContextOptions {
  /** The data folder (layout root); default: a new temp folder named after `prefix`. */
  readonly root?: string
  /** Temp-folder prefix when no root is given. */
  readonly prefix?: string
  /** The store: ':memory:', a path, or (default) `<root>/db.sqlite`. */
  readonly dbFile?: string
  /** The context's dbFile when it should differ from the store opened (e.g. '' for "no file to report"). */
  readonly reportedDbFile?: string
}

/** An AppContext over a fresh store whose jobs run `handlers` inline. */
export function testAppContext(handlers: JobHandlers, o: TestContextOptions = {}): AppContext {
  const root = o.root ?? mkdtempSync(join(tmpdir(), o.prefix ?? 'cx-test-app-'))
  const dbFile = o.dbFile ?? join(root, 'db.sqlite')
  const { db } = openDatabase(dbFile)
  return {
    db,
    dbFile: o.reportedDbFile ?? dbFile,
    schemaVersion: 5,
    layout: layoutOf(root),
    jobs: inlineJobRunner(handlers),
    events: new EventBus(),
    host: 'browser',
    version: 't',
    env: process.env,
    workerPath: ''
  }
}
