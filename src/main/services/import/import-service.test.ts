import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../../../shared/ipc/errors'
import { openDatabase } from '../../db/connection'
import { setRunStatus, upsertRun } from '../../db/queries/runs'
import type { AppContext } from '../app-context'
import type { ImportJobArgs } from './import-job'
import { importService } from './import-service'

/** The import service over an in-memory store with tracker runs; the job runner only records what it was given. */
function setup() {
  const { db } = openDatabase(':memory:')
  upsertRun(db, { id: 'trk-done', model: 'tracker', preset: 'dcrt', configJson: '{}', dataHash: 'h', fold: null, runDir: '/runs/trk-done' })
  setRunStatus(db, 'trk-done', { status: 'done', started: true, finished: true })
  upsertRun(db, { id: 'trk-running', model: 'tracker', preset: 'crt', configJson: '{}', dataHash: 'h', fold: null, runDir: '/runs/trk-running' })
  upsertRun(db, { id: 'affect-run', model: 'vi-des', preset: 'compact', configJson: '{}', dataHash: 'h', fold: null, runDir: '/runs/affect' })
  setRunStatus(db, 'affect-run', { status: 'done', started: true, finished: true })
  const start = vi.fn((spec: { kind: string; label: string; args: unknown }) => ({ id: 'job-1', kind: spec.kind, label: spec.label, state: 'queued' }))
  const ctx = { db, layout: { cacheDir: '/tmp/cache' }, env: {}, workerPath: '/w.js', jobs: { start }, events: { emit: vi.fn() } } as unknown as AppContext
  return { svc: importService(ctx), start }
}

const codeOf = (f: () => unknown): string | null => {
  try {
    f()
    return null
  } catch (e) {
    return e instanceof AppError ? e.code : 'not an AppError'
  }
}

describe('import service: the landmark tracker setting', () => {
  it('refuses an unknown, unfinished or non-tracker run before any work starts', () => {
    const { svc, start } = setup()
    expect(codeOf(() => svc.start('/v.mp4', { tracker: 'ghost' }))).toBe('NOT_FOUND')
    expect(codeOf(() => svc.start('/v.mp4', { tracker: 'dcrt:ghost' }))).toBe('NOT_FOUND')
    expect(codeOf(() => svc.start('/v.mp4', { tracker: 'trk-running' }))).toBe('INVALID_ARGUMENT')
    expect(codeOf(() => svc.start('/v.mp4', { tracker: 'affect-run' }))).toBe('INVALID_ARGUMENT')
    expect(start).not.toHaveBeenCalled()
  })

  it('hands the job the resolved tracker as plain data; default and absent mean the default tracker', () => {
    const { svc, start } = setup()
    svc.start('/v.mp4', { tracker: 'trk-done' })
    svc.start('/v.mp4', { tracker: 'dcrt:trk-done:no-denoise' })
    svc.start('/v.mp4', { tracker: 'default' })
    svc.start('/v.mp4', {})
    const args = start.mock.calls.map((c) => c[0].args as ImportJobArgs)
    expect(args[0].tracker).toEqual({ kind: 'trained', id: 'dcrt:trk-done', runId: 'trk-done', runDir: '/runs/trk-done', denoise: true, label: 'DCRT (run trk-done, denoiser on)' })
    expect(args[1].tracker).toMatchObject({ id: 'dcrt:trk-done:no-denoise', denoise: false })
    expect(args[2].tracker).toBeUndefined()
    expect(args[3].tracker).toBeUndefined()
    // Plain data: survives the structured clone to the job worker unchanged.
    expect(structuredClone(args[0])).toEqual(args[0])
    expect(start.mock.calls[0][0].label).toContain('DCRT (run trk-done, denoiser on)')
  })
})
