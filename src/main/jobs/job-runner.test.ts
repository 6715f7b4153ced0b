import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import type { JobInfo } from '../../shared/domain'
import { JobRunner, type WorkerLike } from './job-runner'

/** A real worker thread that speaks the job protocol: counts to `n`, one step per `ms`, cancellable. */
const COUNTER = `
const { parentPort, workerData } = require('node:worker_threads')
let cancelled = false
parentPort.on('message', (m) => { if (m && m.type === 'cancel') cancelled = true })
const { n, ms, fail, ignoreCancel } = workerData.args
let i = 0
const tick = () => {
  if (cancelled && !ignoreCancel) { parentPort.postMessage({ type: 'error', code: 'CANCELLED', message: 'cancelled' }); return }
  if (fail && i === fail) { parentPort.postMessage({ type: 'error', code: 'MEDIA_UNREADABLE', message: 'bad frame ' + i }); return }
  if (i === n) { parentPort.postMessage({ type: 'result', data: { counted: n } }); return }
  i++
  parentPort.postMessage({ type: 'progress', done: i, total: n })
  setTimeout(tick, ms)
}
tick()
`
const realWorker = (_kind: string, args: unknown): WorkerLike => new Worker(COUNTER, { eval: true, workerData: { args } })

function collect(runner: JobRunner): JobInfo[] {
  const seen: JobInfo[] = []
  runner.on((j) => seen.push(j))
  return seen
}

describe('JobRunner', () => {
  it('runs a job in a worker thread with progress, ETA and the result handed to main', async () => {
    const runner = new JobRunner({ createWorker: realWorker, progressIntervalMs: 0 })
    const seen = collect(runner)
    let result: unknown
    const job = runner.start({ kind: 'count', label: 'Count', args: { n: 5, ms: 5 }, onResult: (r) => void (result = r) })
    const end = await runner.wait(job.id)
    expect(end.state).toBe('done')
    expect(end.done).toBe(5)
    expect(end.total).toBe(5)
    expect(result).toEqual({ counted: 5 })
    const progress = seen.filter((j) => j.state === 'running' && j.total === 5)
    expect(progress.map((j) => j.done)).toEqual([1, 2, 3, 4, 5])
    expect(progress.some((j) => j.etaS !== null && j.etaS >= 0)).toBe(true)
  })

  it('cancels a running job cooperatively', async () => {
    const runner = new JobRunner({ createWorker: realWorker })
    const job = runner.start({ kind: 'count', label: 'Count', args: { n: 1000, ms: 5 } })
    await new Promise((r) => setTimeout(r, 50))
    runner.cancel(job.id)
    const end = await runner.wait(job.id)
    expect(end.state).toBe('cancelled')
    expect(end.done).toBeLessThan(1000)
  })

  it('terminates a worker that ignores cancel after the grace period', async () => {
    const runner = new JobRunner({ createWorker: realWorker, cancelGraceMs: 50 })
    const job = runner.start({ kind: 'count', label: 'Count', args: { n: 1000, ms: 5, ignoreCancel: true } })
    await new Promise((r) => setTimeout(r, 30))
    runner.cancel(job.id)
    expect((await runner.wait(job.id)).state).toBe('cancelled')
  })

  it('reports worker errors with their code and keeps the queue moving', async () => {
    const runner = new JobRunner({ createWorker: realWorker, concurrency: 1 })
    const a = runner.start({ kind: 'count', label: 'A', args: { n: 10, ms: 1, fail: 3 } })
    const b = runner.start({ kind: 'count', label: 'B', args: { n: 2, ms: 1 } })
    expect(runner.get(b.id).state).toBe('queued')
    const endA = await runner.wait(a.id)
    expect(endA.state).toBe('failed')
    expect(endA.error).toEqual({ code: 'MEDIA_UNREADABLE', message: 'bad frame 3' })
    expect((await runner.wait(b.id)).state).toBe('done')
  })

  it('fails a job whose main-side result handler throws, and cancels queued jobs at once', async () => {
    const runner = new JobRunner({ createWorker: realWorker })
    const a = runner.start({
      kind: 'count',
      label: 'A',
      args: { n: 1, ms: 1 },
      onResult: () => {
        throw new Error('disk said no')
      }
    })
    const b = runner.start({ kind: 'count', label: 'B', args: { n: 1, ms: 1 } })
    expect(runner.cancel(b.id).state).toBe('cancelled')
    const endA = await runner.wait(a.id)
    expect(endA.state).toBe('failed')
    expect(endA.error?.message).toBe('disk said no')
  })

  it('waits for a slow main-side result handler even though the worker has already exited', async () => {
    const quick = (): WorkerLike =>
      new Worker("require('node:worker_threads').parentPort.postMessage({ type: 'result', data: 1 })", { eval: true })
    const runner = new JobRunner({ createWorker: quick })
    const job = runner.start({ kind: 'x', label: 'X', args: {}, onResult: () => new Promise((r) => setTimeout(r, 300)) })
    const end = await runner.wait(job.id)
    expect(end.state).toBe('done')
    expect(end.error).toBeNull()
  })

  it('marks a job failed when its worker dies', async () => {
    const dying = (): WorkerLike => new Worker('process.exit(3)', { eval: true })
    const runner = new JobRunner({ createWorker: dying })
    const job = runner.start({ kind: 'x', label: 'X', args: {} })
    const end = await runner.wait(job.id)
    expect(end.state).toBe('failed')
    expect(end.error?.message).toMatch(/exited/)
    expect(runner.crashed(job.id)).toBe(true)
  })

  it('tells a crash from a failure the job reported, and a cancel', async () => {
    const runner = new JobRunner({ createWorker: realWorker, cancelGraceMs: 20 })
    const reported = runner.start({ kind: 'count', label: 'A', args: { n: 10, ms: 1, fail: 2 } })
    expect((await runner.wait(reported.id)).state).toBe('failed')
    expect(runner.crashed(reported.id)).toBe(false)
    const stopped = runner.start({ kind: 'count', label: 'B', args: { n: 1000, ms: 5, ignoreCancel: true } })
    await new Promise((r) => setTimeout(r, 30))
    runner.cancel(stopped.id)
    expect((await runner.wait(stopped.id)).state).toBe('cancelled')
    expect(runner.crashed(stopped.id)).toBe(false)
  })

  it('estimates the ETA per phase: a slow first phase and work done before a resume do not skew it', async () => {
    let t = 0
    const sent: Array<(m: unknown) => void> = []
    const fake = (): WorkerLike => {
      const w = {
        postMessage: () => undefined,
        on: (ev: string, l: (m: unknown) => void) => {
          if (ev === 'message') sent.push(l)
          return w
        },
        terminate: async () => 0
      }
      return w as unknown as WorkerLike
    }
    const runner = new JobRunner({ createWorker: fake, progressIntervalMs: 0, now: () => t })
    const job = runner.start({ kind: 'x', label: 'X', args: {} })
    const say = async (m: unknown, at: number) => {
      t = at
      sent.forEach((l) => l(m))
      await new Promise((r) => setImmediate(r))
    }
    await say({ type: 'progress', done: 1, total: 2, phase: 'loading' }, 60_000) // a minute of loading
    expect(runner.phase(job.id)).toBe('loading')
    // Training resumes at step 50 of 100: the phase's first report is the baseline; 2 s per step after it.
    await say({ type: 'progress', done: 50, total: 100, phase: 'training' }, 61_000)
    expect(runner.get(job.id).etaS).toBeNull()
    await say({ type: 'progress', done: 51, total: 100, phase: 'training' }, 63_000)
    expect(runner.phase(job.id)).toBe('training')
    expect(runner.get(job.id).etaS).toBeCloseTo(98, 6)
    // Without phases the estimate is the rate since the job started (the earlier behaviour).
    const plain = new JobRunner({ createWorker: fake, progressIntervalMs: 0, now: () => t })
    sent.length = 0
    t = 0
    const p = plain.start({ kind: 'x', label: 'P', args: {} })
    await say({ type: 'progress', done: 5, total: 10 }, 10_000)
    expect(plain.get(p.id).etaS).toBeCloseTo(10, 6)
    expect(plain.phase(p.id)).toBeNull()
  })

  it('says when jobs end because the runner is shutting down', async () => {
    const runner = new JobRunner({ createWorker: realWorker })
    const job = runner.start({ kind: 'count', label: 'A', args: { n: 1000, ms: 5 } })
    const queued = runner.start({ kind: 'count', label: 'B', args: { n: 1000, ms: 5 } })
    expect(runner.disposing).toBe(false)
    let seen: boolean | null = null
    void runner.wait(job.id).then(() => (seen = runner.disposing))
    await runner.dispose()
    await new Promise((r) => setImmediate(r))
    // Cancelled, not failed: the exit of a worker the runner stops is no crash; nothing queued starts meanwhile.
    expect(runner.get(job.id).state).toBe('cancelled')
    expect(runner.crashed(job.id)).toBe(false)
    expect(runner.get(queued.id)).toMatchObject({ state: 'cancelled', startedAt: null })
    expect(seen).toBe(true)
  })

  it('answers NOT_FOUND for unknown jobs', () => {
    const runner = new JobRunner({ createWorker: realWorker })
    expect(() => runner.cancel('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }))
  })
})
