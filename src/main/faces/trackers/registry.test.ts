import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection'
import { setRunStatus, upsertRun } from '../../db/queries/runs'
import { listTrackers, resolveTracker, trackerIdOf } from './registry'

function db() {
  const { db } = openDatabase(':memory:')
  const run = (id: string, model: string, preset: string, status: 'done' | 'running') => {
    upsertRun(db, { id, model, preset, configJson: '{}', dataHash: 'h', fold: 'fold-1', runDir: `/runs/${id}` })
    setRunStatus(db, id, { status, finished: status === 'done' })
  }
  run('t-dcrt', 'tracker', 'dcrt', 'done')
  run('t-crt', 'tracker', 'crt', 'done')
  run('t-busy', 'tracker', 'fll', 'running')
  run('anclaf-1', 'anclaf', 'compact', 'done')
  return db
}

describe('tracker registry', () => {
  it('resolves default, finished tracker runs, their tracker ids and :no-denoise for DCRT', () => {
    const d = db()
    expect(resolveTracker(d, 'default')).toEqual({ kind: 'default' })
    const s = resolveTracker(d, 't-dcrt')
    expect(s).toEqual({ kind: 'trained', id: 'dcrt:t-dcrt', runId: 't-dcrt', runDir: '/runs/t-dcrt', denoise: true, label: 'DCRT (run t-dcrt, denoiser on)' })
    const off = resolveTracker(d, 't-dcrt:no-denoise')
    expect(off).toMatchObject({ id: 'dcrt:t-dcrt:no-denoise', denoise: false, label: 'DCRT (run t-dcrt, denoiser off)' })
    expect(resolveTracker(d, 'dcrt:t-dcrt')).toEqual(s)
    expect(resolveTracker(d, trackerIdOf(off))).toEqual(off)
    expect(resolveTracker(d, 't-crt')).toMatchObject({ id: 'crt:t-crt', label: 'CRT (run t-crt)' })
  })

  it('refuses unknown ids, other models, unfinished runs and :no-denoise without a denoiser', () => {
    const d = db()
    const code = (id: string) => {
      try {
        resolveTracker(d, id)
      } catch (e) {
        return `${(e as { code: string }).code}: ${(e as Error).message}`
      }
      return 'resolved'
    }
    expect(code('nope')).toMatch(/^NOT_FOUND: no tracker 'nope'/)
    expect(code('')).toMatch(/^INVALID_ARGUMENT/)
    expect(code('anclaf-1')).toMatch(/^INVALID_ARGUMENT: run anclaf-1 is a 'anclaf' run/)
    expect(code('t-busy')).toMatch(/^INVALID_ARGUMENT: .* is running/)
    expect(code('t-crt:no-denoise')).toMatch(/^INVALID_ARGUMENT: :no-denoise .* CRT/)
  })

  it('lists default and the finished tracker runs', () => {
    const ids = listTrackers(db()).map((s) => (s.kind === 'default' ? 'default' : s.runId))
    expect(ids[0]).toBe('default')
    expect(ids.slice(1).sort()).toEqual(['t-crt', 't-dcrt'])
  })
})
