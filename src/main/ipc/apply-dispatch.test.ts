import { describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS } from '../../shared/ipc/contract'
import { APPLY_CHANNELS } from '../../shared/ipc/contract-apply'
import { createDispatcher, type Handlers } from './dispatch'

/** Hostile payloads on the apply / completion channels never reach a handler; good ones do, unchanged. */
function handlers(calls: Array<[string, unknown]>): Handlers {
  const base = Object.fromEntries(
    INVOKE_CHANNELS.map((c) => [
      c,
      (args: unknown) => {
        calls.push([c, args])
        return 'ok'
      }
    ])
  )
  return base as unknown as Handlers
}

describe('apply and completion channels: argument validation', () => {
  const calls: Array<[string, unknown]> = []
  const d = createDispatcher(handlers(calls), { error: vi.fn() })
  const refused = async (channel: string, args: unknown) => {
    const before = calls.length
    const r = await d(channel, args)
    expect(r, `${channel} ${JSON.stringify(args)?.slice(0, 120)}`).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(calls.length).toBe(before)
  }

  it('are all in the contract', () => {
    for (const c of APPLY_CHANNELS) expect(INVOKE_CHANNELS).toContain(c)
  })

  it('runs:apply refuses wrong types, unknown keys, NUL bytes, path tricks and huge arrays', async () => {
    for (const args of [
      { runId: 'r1' },
      { runId: 'r1', sessionIds: [] },
      { runId: 'r1', sessionIds: 's1' },
      { runId: 'r1', sessionIds: [1] },
      { runId: 'r1', sessionIds: ['s\0'] },
      { runId: 'r1', sessionIds: ['../../etc/passwd'] },
      { runId: 'r1\0', sessionIds: ['s1'] },
      { runId: '', sessionIds: ['s1'] },
      { runId: { $gt: '' }, sessionIds: ['s1'] },
      { runId: 'r1', sessionIds: ['s1'], extra: true },
      { runId: 'r1', sessionIds: Array.from({ length: 501 }, (_, i) => `s${i}`) },
      { runId: 'r1', sessionIds: ['x'.repeat(201)] },
      [{ runId: 'r1', sessionIds: ['s1'] }],
      'apply',
      null
    ]) {
      await refused('runs:apply', args)
    }
    expect(await d('runs:apply', { runId: 'r1', sessionIds: Array.from({ length: 500 }, (_, i) => `s${i}`) })).toMatchObject({ ok: true })
  })

  it('sessions:complete refuses bad ids, options and methods', async () => {
    for (const args of [
      { sessionId: 's1' },
      { traceId: 't1' },
      { sessionId: 's1', traceId: 't\u0000' },
      { sessionId: 's1/..', traceId: 't1' },
      { sessionId: 's1', traceId: 't1', options: { ensemble: 0 } },
      { sessionId: 's1', traceId: 't1', options: { ensemble: 21 } },
      { sessionId: 's1', traceId: 't1', options: { ensemble: 2.5 } },
      { sessionId: 's1', traceId: 't1', options: { ensemble: '5' } },
      { sessionId: 's1', traceId: 't1', options: { method: 'gpt' } },
      { sessionId: 's1', traceId: 't1', options: { seed: 1 } },
      { sessionId: 's1', traceId: 't1', options: [5] },
      { sessionId: 's1', traceId: 't1', extra: 1 }
    ]) {
      await refused('sessions:complete', args)
    }
    const good = { sessionId: 's1', traceId: 't1', options: { ensemble: 7, method: 'ridge-ensemble' } }
    expect(await d('sessions:complete', good)).toEqual({ ok: true, data: 'ok' })
    expect(calls.at(-1)).toEqual(['sessions:complete', good])
  })

  it('sessions:proposals and sessions:discard-proposal take ids only', async () => {
    await refused('sessions:proposals', {})
    await refused('sessions:proposals', { sessionId: 's1', fromTraceId: 5 })
    await refused('sessions:proposals', { sessionId: 's1', all: true })
    await refused('sessions:discard-proposal', { traceId: 'a b' })
    await refused('sessions:discard-proposal', { traceId: 't1', sessionId: 's1' })
    expect(await d('sessions:proposals', { sessionId: 's1', fromTraceId: 't1' })).toMatchObject({ ok: true })
    expect(await d('sessions:discard-proposal', { traceId: 't1' })).toMatchObject({ ok: true })
  })
})
