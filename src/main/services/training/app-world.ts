/**
 * Test fixture for training from the app: a tiny synthetic dataset (3 subjects × 1 clip × 1 s at 10 fps, 96² video)
 * registered in a real store with one fold, the app's IPC dispatcher over every handler, and a job runner whose jobs
 * run in REAL worker threads (the job worker entry bundled from source) — each worker is kept so a test can kill it.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { JobInfo } from '../../../shared/domain'
import type { Result } from '../../../shared/ipc/errors'
import { prepareDataDir } from '../../data-dir'
import { openDatabase } from '../../db/connection'
import { insertDataset, replaceFolds } from '../../db/queries/datasets'
import { generateDataset } from '../../datasets/synth/generate-dataset'
import { datasetHash, listClips } from '../../engine/data/dataset-dir'
import { buildWorker } from '../../engine/testing/build-worker'
import { createDispatcher } from '../../ipc/dispatch'
import { createHandlers } from '../../ipc/handlers'
import { JobRunner } from '../../jobs/job-runner'
import type { AppContext } from '../app-context'
import { EventBus } from '../event-bus'

export interface AppWorld {
  readonly ctx: AppContext
  readonly dataDir: string
  readonly datasetId: string
  /** The worker thread of each job, by job id (to kill one). */
  readonly workers: Map<string, Worker>
  /** Calls a channel the way the renderer does; throws on an error answer. */
  call<T = unknown>(channel: string, args?: unknown): Promise<T>
  /** Calls a channel and returns its Result (for error answers). */
  result(channel: string, args?: unknown): Promise<Result<unknown>>
  /** Resolves with the first job event that `pred` accepts. */
  until(pred: (j: JobInfo) => boolean, timeoutMs?: number): Promise<JobInfo>
  close(): Promise<void>
}

let workerFile: Promise<string> | null = null

export async function makeAppWorld(): Promise<AppWorld> {
  workerFile ??= buildWorker('src/main/jobs/worker-entry.ts', 'job-worker')
  const file = await workerFile
  const root = mkdtempSync(join(tmpdir(), 'cx-app-train-'))
  const dataDir = join(root, 'ds')
  await generateDataset({ seed: 3, subjects: 3, sessionsPerSubject: 1, seconds: 1, fps: 10, width: 96, height: 96 }, dataDir)
  const layout = prepareDataDir(join(root, 'store'))
  const { db } = openDatabase(layout.dbFile)
  const workers = new Map<string, Worker>()
  let nextJob: string | null = null
  const jobs = new JobRunner({
    createWorker: (kind, args) => {
      const w = new Worker(file, { workerData: { kind, args } })
      if (nextJob) workers.set(nextJob, w)
      return w
    },
    progressIntervalMs: 0
  })
  // The runner names a job before it launches it: remember which job the next worker belongs to.
  jobs.on((j) => {
    if (j.state === 'running' && !workers.has(j.id)) nextJob = j.id
  })
  const ctx: AppContext = { db, dbFile: layout.dbFile, schemaVersion: 5, layout, jobs, events: new EventBus(), host: 'browser', version: 'test-1', env: {}, workerPath: file }
  const datasetId = 'ds-test'
  insertDataset(db, { id: datasetId, name: 'tiny synth', path: dataDir, format: 'afew-va', source: 'folder', dataHash: datasetHash(listClips(dataDir), 'afew-va'), summaryJson: '{}' })
  replaceFolds(db, datasetId, [{ name: 'fold-1', splitJson: JSON.stringify({ train: ['S01'], val: ['S02'], test: ['S03'] }) }])
  const dispatch = createDispatcher(createHandlers(ctx), { error: () => undefined })
  const result = (channel: string, args: unknown = {}) => dispatch(channel, args)
  return {
    ctx,
    dataDir,
    datasetId,
    workers,
    result,
    async call<T>(channel: string, args: unknown = {}): Promise<T> {
      const r = await result(channel, args)
      if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`)
      return r.data as T
    },
    until(pred, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off()
          reject(new Error('timed out waiting for a job event'))
        }, timeoutMs)
        const off = jobs.on((j) => {
          if (pred(j)) {
            clearTimeout(timer)
            off()
            resolve(j)
          }
        })
      })
    },
    async close() {
      await jobs.dispose()
      db.close()
    }
  }
}
