import { describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS } from '../../shared/ipc/contract'
import { COMPARE_CHANNELS } from '../../shared/ipc/contract-compare'
import { openDatabase } from '../db/connection'
import { getRunTags, upsertRun } from '../db/queries/runs'
import type { AppContext } from '../services/app-context'
import { createCompareHandlers } from './compare-handlers'
import { createDispatcher, type Handlers } from './dispatch'

/** The compare channels through the real dispatcher (schemas) onto the real service over an in-memory store. */
function setup() {
  const { db } = openDatabase(':memory:')
  for (const id of ['r1', 'r2']) upsertRun(db, { id, model: 'vi-des', preset: 'compact', configJson: `{"lr":${id === 'r1' ? 1 : 2}}`, dataHash: 'h', fold: 'fold-1', runDir: '/x' })
  const notCalled = () => {
    throw new Error('handler must not be called')
  }
  const base = Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, notCalled])) as unknown as Handlers
  const d = createDispatcher({ ...base, ...createCompareHandlers({ db } as unknown as AppContext) }, { error: vi.fn() })
  return { db, d }
}

describe('compare channels', () => {
  it('are in the contract', () => {
    for (const c of COMPARE_CHANNELS) expect(INVOKE_CHANNELS).toContain(c)
  })

  it('refuse hostile payloads with INVALID_ARGUMENT and change nothing', async () => {
    const { db, d } = setup()
    const bad: Array<[string, unknown]> = [
      ['runs:set-tags', { runId: 'r1' }],
      ['runs:set-tags', { runId: 'r1', tags: 'a' }],
      ['runs:set-tags', { runId: 'r1', tags: [1] }],
      ['runs:set-tags', { runId: 'r1', tags: ['a'], extra: true }],
      ['runs:set-tags', { runId: '../../etc/passwd', tags: ['a'] }],
      ['runs:set-tags', { runId: 'r1\u0000', tags: ['a'] }],
      ['runs:set-tags', { runId: 'r1', tags: ['a\u0000b'] }],
      ['runs:set-tags', { runId: 'r1', tags: ['line\nbreak'] }],
      ['runs:set-tags', { runId: 'r1', tags: Array.from({ length: 33 }, (_, i) => `t${i}`) }],
      ['runs:set-tags', { runId: 'r1', tags: Array.from({ length: 100_000 }, () => 'a') }],
      ['runs:set-tags', { runId: 'r1', tags: ['x'.repeat(51)] }],
      ['runs:set-tags', { runId: 'r1', tags: ['   '] }],
      ['runs:set-tags', { runId: { $ne: '' }, tags: [] }],
      ['runs:compare', { runIds: ['r1'] }],
      ['runs:compare', { runIds: ['r1', 'r1'] }],
      ['runs:compare', { runIds: Array.from({ length: 21 }, (_, i) => `r${i}`) }],
      ['runs:compare', { runIds: Array.from({ length: 50_000 }, (_, i) => `r${i}`) }],
      ['runs:compare', { runIds: 'r1,r2' }],
      ['runs:compare', { runIds: ['r1', 'r2'], csv: '/tmp/x' }],
      ['runs:compare', { runIds: ['r1', '/etc/passwd\u0000'] }],
      ['runs:compare', ['r1', 'r2']],
      ['runs:config-diff', { a: 'r1' }],
      ['runs:config-diff', { a: 'r1', b: 2 }],
      ['runs:config-diff', { a: 'r1', b: 'r2', c: 'r3' }],
      ['runs:config-diff', { a: 'r1', b: 'x'.repeat(201) }],
      ['runs:config-diff', null]
    ]
    for (const [channel, args] of bad) {
      const r = await d(channel, args)
      expect(r.ok, `${channel} ${JSON.stringify(args).slice(0, 80)}`).toBe(false)
      if (!r.ok) expect(['INVALID_ARGUMENT', 'PAYLOAD_TOO_LARGE']).toContain(r.error.code)
    }
    expect(getRunTags(db, 'r1')).toEqual([])
  })

  it('answer valid calls, and unknown runs with NOT_FOUND', async () => {
    const { d } = setup()
    expect(await d('runs:set-tags', { runId: 'r1', tags: ['Baseline ', 'baseline'] })).toEqual({ ok: true, data: { runId: 'r1', tags: ['baseline'] } })
    const c = await d('runs:compare', { runIds: ['r1', 'r2'] })
    expect(c.ok && (c.data as { rows: unknown[] }).rows).toHaveLength(2)
    const diff = await d('runs:config-diff', { a: 'r1', b: 'r2' })
    expect(diff.ok && (diff.data as { entries: unknown[] }).entries).toEqual([{ path: 'lr', a: '1', b: '2' }])
    expect(await d('runs:compare', { runIds: ['r1', 'ghost'] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await d('runs:set-tags', { runId: 'ghost', tags: [] })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
