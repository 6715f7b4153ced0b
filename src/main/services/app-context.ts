import type { Database } from 'better-sqlite3'
import type { DataDirLayout } from '../data-dir'
import type { JobRunner } from '../jobs/job-runner'
import type { EventBus } from './event-bus'

/** What every service gets: the store, the data directory, the job runner and the event bus. */
export interface AppContext {
  readonly db: Database
  readonly dbFile: string
  readonly schemaVersion: number
  readonly layout: DataDirLayout
  readonly jobs: JobRunner
  readonly events: EventBus
  readonly host: 'electron' | 'browser'
  readonly version: string
  readonly env: NodeJS.ProcessEnv
  /** Built job worker script; jobs may start further workers from it (e.g. parallel face tracking). */
  readonly workerPath: string
}
