import { Worker } from 'node:worker_threads'
import { openDatabase } from '../db/connection'
import { prepareDataDir, resolveDataDir } from '../data-dir'
import { createDispatcher, type Dispatch, type Logger } from '../ipc/dispatch'
import { createHandlers } from '../ipc/handlers'
import { JobRunner } from '../jobs/job-runner'
import type { AppContext } from '../services/app-context'
import { demoService } from '../services/demo/demo-service'
import { EventBus } from '../services/event-bus'
import { APP_VERSION } from './version'

export interface AppRuntime {
  readonly ctx: AppContext
  readonly dispatch: Dispatch
  close(): Promise<void>
}

export interface BootstrapOptions {
  readonly dataDir?: string
  readonly host: 'electron' | 'browser'
  readonly env?: NodeJS.ProcessEnv
  /** Absolute path of the built job worker (out/main/job-worker.js). */
  readonly workerPath: string
  readonly log: Logger
  /** Create the bundled demo session at first run (default true). */
  readonly ensureDemo?: boolean
}

/** Opens the data directory and store, starts the job runner, and binds the services to the contract. */
export function bootstrapApp(opts: BootstrapOptions): AppRuntime {
  const env = opts.env ?? process.env
  const layout = prepareDataDir(resolveDataDir(opts.dataDir, env))
  const opened = openDatabase(layout.dbFile)
  const events = new EventBus()
  const jobs = new JobRunner({
    createWorker: (kind, args) => new Worker(opts.workerPath, { workerData: { kind, args } })
  })
  jobs.on((job) => events.emit('job:progress', job))
  const ctx: AppContext = {
    db: opened.db,
    dbFile: opened.file,
    schemaVersion: opened.schemaVersion,
    layout,
    jobs,
    events,
    host: opts.host,
    version: APP_VERSION,
    env,
    workerPath: opts.workerPath
  }
  const dispatch = createDispatcher(createHandlers(ctx), opts.log)
  if (opts.ensureDemo !== false) {
    try {
      demoService(ctx).ensure()
    } catch (e) {
      opts.log.error('could not create the demo session', e)
    }
  }
  return {
    ctx,
    dispatch,
    async close() {
      await jobs.dispose()
      opened.db.close()
    }
  }
}
