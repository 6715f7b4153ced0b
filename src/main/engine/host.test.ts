import { MessageChannel, Worker } from 'node:worker_threads'
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/ipc/errors'
import { EngineClient } from './engine-client'
import type { EngineProgress, PortLike } from './engine-protocol'
import { runEngineHost } from './host'
import { buildWorker } from './testing/build-worker'

function pair(handlers: Parameters<typeof runEngineHost>[1]): { client: EngineClient; inFlight: () => number; close(): void } {
  const ch = new MessageChannel()
  const inFlight = runEngineHost(ch.port2 as unknown as PortLike, handlers, { minIntervalMs: 0 })
  const client = new EngineClient(ch.port1 as unknown as PortLike)
  return { client, inFlight, close: () => (ch.port1.close(), ch.port2.close()) }
}

describe('engine message loop (MessageChannel)', () => {
  it('returns results, error codes, progress with ETA, and cancels by seq', async () => {
    const { client, close } = pair({
      add: (a) => (a as number[])[0] + (a as number[])[1],
      bad: () => {
        throw new AppError('INVALID_ARGUMENT', 'no')
      },
      boom: () => {
        throw new Error('kaput')
      },
      slow: async (_a, ctx) => {
        for (let i = 0; i < 1000; i++) {
          ctx.throwIfCancelled()
          await new Promise((r) => setTimeout(r, 5))
          ctx.progress(i + 1, 1000)
        }
        return 'done'
      }
    })
    await expect(client.call('add', [2, 3])).resolves.toBe(5)
    await expect(client.call('bad')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: 'no' })
    await expect(client.call('boom')).rejects.toMatchObject({ code: 'INTERNAL', message: 'kaput' })
    await expect(client.call('nope')).rejects.toMatchObject({ code: 'UNKNOWN_CHANNEL' })
    const seen: EngineProgress[] = []
    const global: number[] = []
    const off = client.onProgress((seq) => global.push(seq))
    const call = client.call('slow', null, { onProgress: (p) => seen.push(p) })
    await new Promise((r) => setTimeout(r, 60))
    client.cancel(call.seq)
    await expect(call).rejects.toMatchObject({ code: 'CANCELLED' })
    off()
    expect(seen.length).toBeGreaterThan(1)
    expect(seen[0].total).toBe(1000)
    expect(seen.at(-1)!.etaS).toBeGreaterThan(0)
    expect(global.every((s) => s === call.seq)).toBe(true)
    const ac = new AbortController()
    const viaSignal = client.call('slow', null, { signal: ac.signal })
    ac.abort()
    await expect(viaSignal).rejects.toMatchObject({ code: 'CANCELLED' })
    close()
  })
})

describe('engine worker (real worker thread, bundled entry)', () => {
  let worker: Worker | null = null
  afterAll(async () => {
    await worker?.terminate()
  })

  it('initialises a backend, reports memory, streams progress', async () => {
    const file = await buildWorker(resolve('src/main/engine/engine-worker.ts'), 'engine-worker')
    worker = new Worker(file, { env: { ...process.env, CIRCUMPLEX_TF_BACKEND: 'wasm' } })
    const client = new EngineClient(worker as unknown as PortLike)
    worker.on('error', (e) => client.close(e.message))
    const report = await client.call<{ name: string; threads: number; simd: boolean }>('engine:init')
    expect(report.name).toBe('wasm')
    expect(report.threads).toBeGreaterThanOrEqual(1)
    const mem = await client.call<{ numTensors: number }>('engine:memory')
    expect(mem.numTensors).toBeGreaterThanOrEqual(0)
    const progress: number[] = []
    await expect(client.call('engine:sleep', { steps: 3, stepMs: 1 }, { onProgress: (p) => progress.push(p.done) })).resolves.toEqual({ steps: 3 })
    expect(progress.at(-1)).toBe(3)
    await expect(client.call('engine:init', { backend: 'tpu' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  }, 60_000)
})
