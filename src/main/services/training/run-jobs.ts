/**
 * Which job trains which run in this process, why it is being stopped (pause or cancel), and which process owns a
 * run folder while it trains (`owner.json`), so that an app restarted after a crash can tell its own interrupted
 * runs (owner gone) from runs another process (e.g. `circumplex train`) is still training.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import type { JobInfo } from '../../../shared/domain'
import { setRunStatus, type RunStopReason } from '../../db/queries/runs'
import type { AppContext } from '../app-context'

export const OWNER_FILE = 'owner.json'

interface Entry {
  readonly jobId: string
  intent: Exclude<RunStopReason, 'crashed'> | null
}

const byCtx = new WeakMap<AppContext, Map<string, Entry>>()

function table(ctx: AppContext): Map<string, Entry> {
  let t = byCtx.get(ctx)
  if (!t) byCtx.set(ctx, (t = new Map()))
  return t
}

/** The latest job of a run started in this process (it may have ended). */
export function runJobId(ctx: AppContext, runId: string): string | null {
  return table(ctx).get(runId)?.jobId ?? null
}

/** The job of a run when it is queued or running in this process. */
export function activeRunJob(ctx: AppContext, runId: string): string | null {
  const id = runJobId(ctx, runId)
  if (!id) return null
  const state = ctx.jobs.list().find((j) => j.id === id)?.state
  return state === 'queued' || state === 'running' ? id : null
}

export function registerRunJob(ctx: AppContext, runId: string, jobId: string): void {
  table(ctx).set(runId, { jobId, intent: null })
}

/** Records why the run's job is being stopped (read when the job ends). */
export function setStopIntent(ctx: AppContext, runId: string, intent: 'paused' | 'cancelled'): void {
  const e = table(ctx).get(runId)
  if (e) e.intent = intent
}

export function stopIntent(ctx: AppContext, runId: string): 'paused' | 'cancelled' | null {
  return table(ctx).get(runId)?.intent ?? null
}

export interface RunOwner {
  readonly pid: number
  readonly host: string
  readonly startedAt: string
}

export function writeOwner(runDir: string): void {
  mkdirSync(runDir, { recursive: true })
  const o: RunOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }
  writeFileSync(join(runDir, OWNER_FILE), JSON.stringify(o))
}

export function clearOwner(runDir: string): void {
  rmSync(join(runDir, OWNER_FILE), { force: true })
}

export function readOwner(runDir: string): RunOwner | null {
  const p = join(runDir, OWNER_FILE)
  if (!existsSync(p)) return null
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as RunOwner
  } catch {
    return null
  }
}

/** Whether the owning process is still alive (only decidable on the same host). */
export function ownerAlive(o: RunOwner): boolean {
  if (o.host !== hostname()) return true
  if (o.pid === process.pid) return true
  try {
    process.kill(o.pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Keeps a run row 'queued' while its job waits behind another (one training at a time), then 'running' with the
 * backend it will most likely use (the job's own report replaces it at the end). Returns the unsubscribe.
 */
export function markRunWhenStarted(ctx: AppContext, runId: string, jobId: string, backend: string): () => void {
  const markRunning = () => setRunStatus(ctx.db, runId, { status: 'running', started: true, backend })
  if (ctx.jobs.get(jobId).state === 'running') {
    markRunning()
    return () => undefined
  }
  setRunStatus(ctx.db, runId, { status: 'queued' })
  let off: (() => void) | null = ctx.jobs.on((j) => {
    if (j.id === jobId && j.state === 'running') {
      off?.()
      off = null
      markRunning()
    }
  })
  return () => {
    off?.()
    off = null
  }
}

/**
 * How a training job ended, for its run row: the status, whether the engine crashed, and why a run that did not
 * finish stopped — by a person (pause / cancel), by the app closing (resumable: paused), or the engine died.
 */
export function runEnd(ctx: AppContext, runId: string, end: JobInfo): { status: 'done' | 'cancelled' | 'failed'; crashed: boolean; stopReason: RunStopReason | null } {
  const status = end.state === 'done' ? 'done' : end.state === 'cancelled' ? 'cancelled' : 'failed'
  const crashed = end.state === 'failed' && ctx.jobs.crashed(end.id)
  const stopReason = end.state === 'cancelled' ? (stopIntent(ctx, runId) ?? (ctx.jobs.disposing ? 'paused' : 'cancelled')) : crashed ? 'crashed' : null
  return { status, crashed, stopReason }
}
