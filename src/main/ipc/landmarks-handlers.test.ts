import { describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS } from '../../shared/ipc/contract'
import { LANDMARKS_CHANNELS } from '../../shared/ipc/contract-landmarks'
import type { LandmarkEvalsResult, TrackerOption } from '../../shared/landmarks'
import { openDatabase } from '../db/connection'
import { insertLandmarkEval, listLandmarkEvals } from '../db/queries/landmark-evals'
import { upsertRun } from '../db/queries/runs'
import type { TrackerSpec } from '../faces/trackers/registry'
import type { LandmarkEvalRecord, LandmarkEvalSet } from '../faces/trackers/types'
import type { AppContext } from '../services/app-context'
import { createDispatcher, type Handlers } from './dispatch'
import { createLandmarksHandlers } from './landmarks-handlers'

function set(name: string, nmeBox: number[], aucBox: number): LandmarkEvalSet {
  return {
    name,
    category: null,
    degraded: false,
    count: nmeBox.length,
    nmeBox,
    nmeIo: nmeBox.map((v) => v * 1.5),
    summary: { meanBox: 0.031, meanIo: Number.NaN, aucBox, aucIo: 0.4, failureBox: 0.25, failureIo: 0.5, threshold: 0.08 }
  }
}

function rec(id: string, trackerId: string, runId: string | null, source: string, createdAt: string, sets: LandmarkEvalSet[]): LandmarkEvalRecord {
  return { id, trackerId, runId, label: `${trackerId} label`, source, createdAt, sets }
}

const DCRT: TrackerSpec & { kind: 'trained' } = { kind: 'trained', id: 'dcrt:run-1', runId: 'run-1', runDir: '/runs/run-1', denoise: true, label: 'DCRT (run run-1, denoiser on)' }
const SPECS: TrackerSpec[] = [
  { kind: 'default' },
  DCRT,
  { kind: 'trained', id: 'fll:run-2', runId: 'run-2', runDir: '/runs/run-2', denoise: true, label: 'FLL (run run-2)' }
]

/** The landmark channels through the real dispatcher (schemas) over an in-memory store with stored evaluations. */
function setup() {
  const { db } = openDatabase(':memory:')
  upsertRun(db, { id: 'run-1', model: 'tracker', preset: 'dcrt', configJson: '{}', dataHash: 'h', fold: 'fold-1', runDir: '/runs/run-1' })
  insertLandmarkEval(db, rec('e1', 'default', null, '/gt/300w', '2026-11-24T01:00:00Z', [set('300w-stills', [0.02, 0.05, Number.NaN, 0.1], 0.42)]))
  insertLandmarkEval(db, rec('e2', 'dcrt:run-1', 'run-1', '/gt/300w', '2026-11-24T02:00:00Z', [set('300w-stills', [0.03, 0.04, 0.06, 0.07], 0.5)]))
  insertLandmarkEval(db, rec('e3', 'default', null, 'synthetic', '2026-11-24T03:00:00Z', [set('synthetic-clean', [0.01], 0.9)]))
  const listTrackers = vi.fn(() => SPECS)
  const resolveTracker = vi.fn((_db: unknown, id: string): TrackerSpec => ({ ...DCRT, id, denoise: false, label: 'DCRT (run run-1, denoiser off)' }))
  const notCalled = () => {
    throw new Error('handler must not be called')
  }
  const base = Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, notCalled])) as unknown as Handlers
  const d = createDispatcher({ ...base, ...createLandmarksHandlers({ db } as unknown as AppContext, { listTrackers, resolveTracker }) }, { error: vi.fn() })
  return { db, d, listTrackers, resolveTracker }
}

describe('landmark channels', () => {
  it('are in the contract', () => {
    for (const c of LANDMARKS_CHANNELS) expect(INVOKE_CHANNELS).toContain(c)
  })

  it('refuse hostile payloads with INVALID_ARGUMENT and call nothing', async () => {
    const { d, listTrackers } = setup()
    const bad: Array<[string, unknown]> = [
      ['landmarks:evals', { source: '' }],
      ['landmarks:evals', { source: 5 }],
      ['landmarks:evals', { source: '/gt\u0000/x' }],
      ['landmarks:evals', { source: 'a\nb' }],
      ['landmarks:evals', { source: 'x'.repeat(4097) }],
      ['landmarks:evals', { source: { $ne: '' } }],
      ['landmarks:evals', { source: '/gt', sql: 'DROP TABLE landmark_evals' }],
      ['landmarks:evals', ['/gt']],
      ['landmarks:evals', 'source'],
      ['landmarks:trackers', { all: true }],
      ['landmarks:trackers', [1]],
      ['media:import', { path: '/v.mp4', tracker: '' }],
      ['media:import', { path: '/v.mp4', tracker: '../../etc/passwd' }],
      ['media:import', { path: '/v.mp4', tracker: 'run-1\u0000' }],
      ['media:import', { path: '/v.mp4', tracker: 'x'.repeat(201) }],
      ['media:import', { path: '/v.mp4', tracker: 3 }],
      ['media:import', { path: '/v.mp4', tracker: { id: 'run-1' } }]
    ]
    for (const [channel, args] of bad) {
      const r = await d(channel, args)
      expect(r.ok, `${channel} ${JSON.stringify(args)?.slice(0, 80)}`).toBe(false)
      if (!r.ok) expect(r.error.code).toBe('INVALID_ARGUMENT')
    }
    expect(listTrackers).not.toHaveBeenCalled()
  })

  it('answer the stored evaluations of one source, newest first, with NaN as null', async () => {
    const { db, d } = setup()
    const all = await d('landmarks:evals', {})
    expect(all.ok).toBe(true)
    const a = (all.ok ? all.data : null) as LandmarkEvalsResult
    expect(a.sources).toEqual(['synthetic', '/gt/300w'])
    expect(a.evals.map((e) => e.id)).toEqual(['e3', 'e2', 'e1'])
    const one = await d('landmarks:evals', { source: '/gt/300w' })
    const o = (one.ok ? one.data : null) as LandmarkEvalsResult
    expect(o.sources).toEqual(['synthetic', '/gt/300w'])
    expect(o.evals.map((e) => e.trackerId)).toEqual(['dcrt:run-1', 'default'])
    const def = o.evals[1]
    expect(def.sets[0].nmeBox).toEqual([0.02, 0.05, null, 0.1])
    expect(def.sets[0].nmeIo[2]).toBeNull()
    expect(def.sets[0].summary).toMatchObject({ meanBox: 0.031, meanIo: null, aucBox: 0.42, failureBox: 0.25, threshold: 0.08 })
    // The answer is JSON-safe: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(o))).toEqual(o)
    // Same numbers as the store holds.
    const stored = listLandmarkEvals(db, { source: '/gt/300w' })
    expect(o.evals[0].sets[0].nmeBox).toEqual(stored[0].sets[0].nmeBox)
    expect((await d('landmarks:evals', { source: '/nowhere' })).ok && (await d('landmarks:evals', { source: '/nowhere' }))).toMatchObject({ data: { evals: [] } })
  })

  it('list the default tracker and the trained ones as import options', async () => {
    const { d } = setup()
    const r = await d('landmarks:trackers', {})
    const opts = (r.ok ? r.data : null) as TrackerOption[]
    expect(opts.map((o) => [o.id, o.kind, o.runId, o.denoise])).toEqual([
      ['default', 'default', null, false],
      ['dcrt:run-1', 'trained', 'run-1', true],
      ['dcrt:run-1:no-denoise', 'trained', 'run-1', false],
      ['fll:run-2', 'trained', 'run-2', true]
    ])
    expect(opts[1].label).toBe('DCRT (run run-1, denoiser on)')
    expect(opts[2].label).toBe('DCRT (run run-1, denoiser off)')
  })
})
