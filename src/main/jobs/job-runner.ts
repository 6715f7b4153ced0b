import { randomUUID } from 'node:crypto'
import type { JobInfo, JobState } from '../../shared/domain'
import { AppError, isAppErrorCode } from '../../shared/ipc/errors'
import { isFromWorker, type ToWorker } from './protocol'

/** The part of `worker_threads.Worker` the runner uses (so tests can supply fakes). */
export interface WorkerLike {
  postMessage(message: ToWorker): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  terminate(): Promise<number>
}

export type WorkerFactory = (kind: string, args: unknown) => WorkerLike

export interface JobSpec {
  readonly kind: string
  readonly label: string
  readonly args: unknown
  /** Runs on main with the worker's result (e.g. writes to the DB). Throwing fails the job. */
  readonly onResult?: (result: unknown) => void | Promise<void>
}

interface Entry {
  info: JobInfo
  spec: JobSpec
  worker: WorkerLike | null
  startedMs: number
  lastEmitMs: number
  settled: Promise<JobInfo>
  settle: (info: JobInfo) => void
  killTimer: NodeJS.Timeout | null
  /** The worker delivered its result; its exit is expected while main stores it. */
  resulted: boolean
  /** Current phase reported by the worker, and where its ETA estimate starts (time, done). */
  phase: string | null
  phaseStartMs: number
  phaseStartDone: number
  /** The worker died (exit or uncaught error) instead of answering: an engine crash, not a reported failure. */
  crashed: boolean
}

const TERMINAL: readonly JobState[] = ['done', 'failed', 'cancelled']

export interface JobRunnerOptions {
  readonly createWorker: WorkerFactory
  /** Jobs running at once; the rest queue (2-core machines: 1). */
  readonly concurrency?: number
  /** Grace period after a cancel request before the worker is terminated. */
  readonly cancelGraceMs?: number
  /** Minimum interval between progress events per job. */
  readonly progressIntervalMs?: number
  readonly now?: () => number
}

/** Runs long jobs in worker threads with progress (done/total, ETA), cancel and a queue. */
export class JobRunner {
  private readonly jobs = new Map<string, Entry>()
  private readonly listeners = new Set<(job: JobInfo) => void>()
  private shuttingDown = false
  private readonly opts: Required<Omit<JobRunnerOptions, 'createWorker'>> & { createWorker: WorkerFactory }

  constructor(options: JobRunnerOptions) {
    this.opts = {
      concurrency: 1,
      cancelGraceMs: 2000,
      progressIntervalMs: 100,
      now: () => Date.now(),
      ...options
    }
  }

  on(listener: (job: JobInfo) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((e) => e.info)
  }

  get(id: string): JobInfo {
    const e = this.jobs.get(id)
    if (!e) throw new AppError('NOT_FOUND', `no job ${id}`)
    return e.info
  }

  /** Resolves when the job reaches done, failed or cancelled. */
  wait(id: string): Promise<JobInfo> {
    const e = this.jobs.get(id)
    if (!e) return Promise.reject(new AppError('NOT_FOUND', `no job ${id}`))
    return e.settled
  }

  start(spec: JobSpec): JobInfo {
    let settle: (info: JobInfo) => void = () => undefined
    const settled = new Promise<JobInfo>((r) => (settle = r))
    const info: JobInfo = {
      id: randomUUID(),
      kind: spec.kind,
      label: spec.label,
      state: 'queued',
      done: 0,
      total: 0,
      etaS: null,
      createdAt: new Date(this.opts.now()).toISOString(),
      startedAt: null,
      finishedAt: null,
      error: null
    }
    this.jobs.set(info.id, {
      info,
      spec,
      worker: null,
      startedMs: 0,
      lastEmitMs: 0,
      settled,
      settle,
      killTimer: null,
      resulted: false,
      phase: null,
      phaseStartMs: 0,
      phaseStartDone: 0,
      crashed: false
    })
    this.emit(info)
    this.pump()
    return info
  }

  cancel(id: string): JobInfo {
    const e = this.jobs.get(id)
    if (!e) throw new AppError('NOT_FOUND', `no job ${id}`)
    if (TERMINAL.includes(e.info.state)) return e.info
    if (e.info.state === 'queued') {
      this.finish(e, 'cancelled', null)
      return e.info
    }
    e.worker?.postMessage({ type: 'cancel' })
    e.killTimer ??= setTimeout(() => {
      if (!TERMINAL.includes(e.info.state)) {
        void e.worker?.terminate()
        this.finish(e, 'cancelled', null)
      }
    }, this.opts.cancelGraceMs)
    return e.info
  }

  /** The phase the job's worker last reported (null: none reported). */
  phase(id: string): string | null {
    return this.jobs.get(id)?.phase ?? null
  }

  /** True when the job failed because its worker died (exited or threw outside the job body): an engine crash. */
  crashed(id: string): boolean {
    return this.jobs.get(id)?.crashed ?? false
  }

  /** True once `dispose` began: jobs ending now were stopped by the app shutting down, not by a person. */
  get disposing(): boolean {
    return this.shuttingDown
  }

  /** Cancels everything (app shutdown). */
  async dispose(): Promise<void> {
    this.shuttingDown = true
    const running = [...this.jobs.values()].filter((e) => !TERMINAL.includes(e.info.state))
    for (const e of running) {
      // Cancelled first: the worker's exit that follows is then expected, not a crash.
      const w = e.worker
      this.finish(e, 'cancelled', null)
      await w?.terminate().catch(() => undefined)
    }
  }

  private running(): number {
    return [...this.jobs.values()].filter((e) => e.info.state === 'running').length
  }

  private pump(): void {
    if (this.shuttingDown) return
    for (const e of this.jobs.values()) {
      if (this.running() >= this.opts.concurrency) return
      if (e.info.state === 'queued') this.launch(e)
    }
  }

  private launch(e: Entry): void {
    e.startedMs = this.opts.now()
    e.phaseStartMs = e.startedMs
    this.update(e, { state: 'running', startedAt: new Date(e.startedMs).toISOString() }, true)
    let worker: WorkerLike
    try {
      worker = this.opts.createWorker(e.spec.kind, e.spec.args)
    } catch (err) {
      this.finish(e, 'failed', { code: 'JOB_FAILED', message: `could not start worker: ${(err as Error).message}` })
      return
    }
    e.worker = worker
    worker.on('message', (m) => void this.onMessage(e, m))
    worker.on('error', (err) => {
      if (!TERMINAL.includes(e.info.state)) e.crashed = true
      this.finish(e, 'failed', { code: 'JOB_FAILED', message: err.message })
    })
    worker.on('exit', (code) => {
      if (!TERMINAL.includes(e.info.state) && !e.resulted) {
        e.crashed = true
        this.finish(e, 'failed', { code: 'JOB_FAILED', message: `worker exited (code ${code}) before finishing` })
      }
    })
  }

  private async onMessage(e: Entry, m: unknown): Promise<void> {
    if (!isFromWorker(m) || TERMINAL.includes(e.info.state)) return
    if (m.type === 'progress') {
      const now = this.opts.now()
      const newPhase = m.phase !== undefined && m.phase !== e.phase
      if (newPhase) {
        // A new phase: its first report is the baseline of the rate (no estimate until the next one).
        e.phase = m.phase ?? null
        e.phaseStartMs = now
        e.phaseStartDone = m.done
      }
      const elapsed = (now - e.phaseStartMs) / 1000
      const doneInPhase = m.done - e.phaseStartDone
      const etaS = doneInPhase > 0 && m.total >= m.done && elapsed > 0 ? (elapsed / doneInPhase) * (m.total - m.done) : null
      this.update(e, { done: m.done, total: m.total, etaS }, m.done === m.total || newPhase)
    } else if (m.type === 'error') {
      const code = m.code === 'CANCELLED' ? null : isAppErrorCode(m.code) ? m.code : 'JOB_FAILED'
      if (code === null) this.finish(e, 'cancelled', null)
      else this.finish(e, 'failed', { code, message: m.message })
    } else {
      e.resulted = true
      try {
        await e.spec.onResult?.(m.data)
        e.info = { ...e.info, done: Math.max(e.info.done, e.info.total) }
        this.finish(e, 'done', null)
      } catch (err) {
        const code = err instanceof AppError ? err.code : 'JOB_FAILED'
        this.finish(e, 'failed', { code, message: (err as Error).message })
      }
    }
  }

  private finish(e: Entry, state: JobState, error: JobInfo['error']): void {
    if (TERMINAL.includes(e.info.state)) return
    if (e.killTimer) clearTimeout(e.killTimer)
    this.update(e, { state, error, finishedAt: new Date(this.opts.now()).toISOString(), etaS: state === 'done' ? 0 : null }, true)
    const w = e.worker
    e.worker = null
    void w?.terminate().catch(() => undefined)
    e.settle(e.info)
    this.pump()
  }

  private update(e: Entry, patch: Partial<JobInfo>, force: boolean): void {
    e.info = { ...e.info, ...patch }
    const now = this.opts.now()
    if (force || now - e.lastEmitMs >= this.opts.progressIntervalMs) {
      e.lastEmitMs = now
      this.emit(e.info)
    }
  }

  private emit(info: JobInfo): void {
    for (const l of this.listeners) l(info)
  }
}
