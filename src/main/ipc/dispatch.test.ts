import { describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS, MAX_PAYLOAD_BYTES } from '../../shared/ipc/contract'
import { AppError } from '../../shared/ipc/errors'
import { createDispatcher, type Handlers } from './dispatch'
import { ARG_SCHEMAS } from './schemas'

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const notCalled = () => {
    throw new Error('handler must not be called')
  }
  const base = Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, notCalled])) as unknown as Handlers
  return { ...base, ...overrides }
}

describe('createDispatcher', () => {
  const log = { error: vi.fn() }

  it('has a schema for every channel of the contract', () => {
    expect(Object.keys(ARG_SCHEMAS).sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  it('answers UNKNOWN_CHANNEL without calling anything', async () => {
    const d = createDispatcher(handlers(), log)
    for (const c of ['nope', '__proto__', 'constructor', 42, null, { toString: () => 'sessions:list' }]) {
      expect(await d(c, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    }
  })

  it('refuses wrong argument types, unknown keys and hostile values with INVALID_ARGUMENT', async () => {
    const d = createDispatcher(handlers(), log)
    const bad: unknown[] = [
      { sessionId: 5 },
      { sessionId: '' },
      { sessionId: '../../etc/passwd' },
      { sessionId: 'a', extra: 1 },
      { sessionId: 'x'.repeat(1000) },
      'a string',
      [1, 2],
      { sessionId: { $gt: '' } }
    ]
    for (const args of bad) {
      const r = await d('sessions:get', args)
      expect(r, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    }
    expect(await d('traces:get', { traceId: 't', fromFrame: 10, toFrame: 2 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await d('traces:get', { traceId: 't', fromFrame: -1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await d('traces:get', { traceId: 't', fromFrame: 1.5 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })

  it('refuses cyclic and oversized payloads', async () => {
    const d = createDispatcher(handlers(), log)
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(await d('sessions:list', cyclic)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await d('sessions:get', { sessionId: 'a'.repeat(MAX_PAYLOAD_BYTES + 10) })).toMatchObject({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE' }
    })
  })

  it('passes validated arguments and wraps results', async () => {
    const d = createDispatcher(handlers({ 'sessions:get': ({ sessionId }) => ({ id: sessionId }) as never }), log)
    expect(await d('sessions:get', { sessionId: 'abc' })).toEqual({ ok: true, data: { id: 'abc' } })
  })

  it('turns AppError into its code and unexpected errors into INTERNAL without the stack', async () => {
    const d = createDispatcher(
      handlers({
        'sessions:get': () => {
          throw new AppError('NOT_FOUND', 'no session x')
        },
        'sessions:list': () => {
          throw new TypeError('secret internals at /home/me/file.ts:12')
        }
      }),
      log
    )
    expect(await d('sessions:get', { sessionId: 'x' })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no session x' } })
    const r = await d('sessions:list', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(r)).not.toMatch(/secret|file\.ts/)
    expect(log.error).toHaveBeenCalled()
  })
})
