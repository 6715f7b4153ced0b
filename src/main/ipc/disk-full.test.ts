import { describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS } from '../../shared/ipc/contract'
import { addSession, openAnnotationDb } from '../services/annotation/test-db'
import { createAnnotationHandlers } from './annotation-handlers'
import { createDispatcher, type Handlers } from './dispatch'

describe('disk full during autosave', () => {
  it('answers DISK_FULL, keeps every batch saved before, and saves again once there is room', async () => {
    const db = openAnnotationDb()
    const sessionId = addSession(db, 2000)
    const base = Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, () => Promise.reject(new Error('not used'))])) as unknown as Handlers
    const log = { error: vi.fn() }
    const d = createDispatcher({ ...base, ...createAnnotationHandlers({ db }) }, log)
    const a = (await d('annotators:create', { name: 'Ann' })) as { ok: true; data: { id: string } }
    const pass = (await d('annotations:start-pass', { sessionId, annotatorId: a.data.id, mode: '2d' })) as { ok: true; data: { id: string; traceId: string } }
    const batch = (from: number) => Array.from({ length: 100 }, (_, i) => [from + i, 0.5, -0.25])
    expect(await d('annotations:append', { passId: pass.data.id, samples: batch(0) })).toMatchObject({ ok: true })
    // The "disk" is full: SQLite may not grow the file by a single page.
    const pages = db.pragma('page_count', { simple: true }) as number
    db.pragma(`max_page_count = ${pages}`)
    let full: unknown = null
    for (let from = 100; from < 2000 && !full; from += 100) {
      const r = (await d('annotations:append', { passId: pass.data.id, samples: batch(from) })) as { ok: boolean; error?: { code: string; message: string } }
      if (!r.ok) full = r.error
    }
    expect(full).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/not saved.*intact/) })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const saved = db.prepare('SELECT count(*) AS n, min(frame) AS lo FROM trace_points WHERE trace_id = ?').get(pass.data.traceId) as { n: number; lo: number }
    expect(saved.lo).toBe(0)
    expect(saved.n % 100).toBe(0) // whole batches only: the failed one rolled back entirely
    // Room again: the same batch goes through.
    db.pragma('max_page_count = 1073741823')
    expect(await d('annotations:append', { passId: pass.data.id, samples: batch(1900) })).toMatchObject({ ok: true })
  })
})
