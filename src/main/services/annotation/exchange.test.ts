import type { Database } from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ExchangeFormat } from '../../../shared/annotation'
import { insertTrace, listTraces } from '../../db/queries/traces'
import { annotationService } from './annotation-service'
import { exportTrace, exportTraces, importTrace, previewImport } from './exchange'
import { addSession, openAnnotationDb } from './test-db'

const N = 101 // 4 s at 25 fps
let db: Database
let sessionId: string
let annotatorId: string
let v: number[]
let a: number[]

/** Piecewise linear between knots every 0.2 s (on both the 25 fps and the 10 Hz grid), float32 values. */
function signal(seed: number): number[] {
  const knots = Array.from({ length: N / 5 + 1 }, (_, k) => Math.sin(seed + k * 1.7) * 0.8)
  return Array.from({ length: N }, (_, f) => {
    const k = Math.floor(f / 5)
    const w = (f % 5) / 5
    return Math.fround(k + 1 < knots.length ? knots[k] * (1 - w) + knots[k + 1] * w : knots[k])
  })
}

beforeEach(() => {
  db = openAnnotationDb()
  sessionId = addSession(db, N, 25, 'clip01')
  annotatorId = annotationService({ db }).createAnnotator('ann').id
  v = signal(1)
  a = signal(2)
})

function original(): string {
  return insertTrace(db, { sessionId, kind: 'annotation', sourceType: 'annotator', sourceId: annotatorId, name: 'ann' }, { valence: v, arousal: a })
}

const CASES: { format: ExchangeFormat; dims: ('valence' | 'arousal')[] }[] = [
  { format: 'circumplex', dims: ['valence', 'arousal'] },
  { format: 'sewa', dims: ['valence', 'arousal'] },
  { format: 'aff-wild2', dims: ['valence', 'arousal'] },
  { format: 'nova', dims: ['valence'] },
  { format: 'nova', dims: ['arousal'] },
  { format: 'darma', dims: ['valence', 'arousal'] },
  { format: 'carma', dims: ['valence'] },
  { format: 'carma', dims: ['arousal'] },
  { format: 'afew-va', dims: ['valence', 'arousal'] }
]

describe('export → import round trip', () => {
  it.each(CASES)('$format ($dims)', ({ format, dims }) => {
    const id = original()
    const single = dims.length === 1 ? dims[0] : undefined
    const file = exportTrace(db, id, { format, dimension: single })
    expect(file.warnings).toEqual([])
    const r = importTrace(db, { sessionId, annotatorId, format, text: file.text, mapping: single ? { dimension: single } : {} })
    const back = annotationService({ db }).points(r.traceId)
    expect(back.frames.length).toBe(N) // frame count equal
    expect(back.frames[N - 1]).toBe(N - 1)
    for (let f = 0; f < N; f++) {
      for (const d of dims) {
        const want = d === 'valence' ? v[f] : a[f]
        const got = (d === 'valence' ? back.valence[f] : back.arousal[f]) as number
        expect(Math.abs(got - want), `${format} ${d} frame ${f}`).toBeLessThanOrEqual(format === 'afew-va' ? 1e-6 : 1e-7)
      }
    }
    expect(r.preview.coveredFrames).toBe(N)
  })

  it('exports every trace of a project, one file each', () => {
    original()
    const s2 = addSession(db, N, 25, 'clip02')
    insertTrace(db, { sessionId: s2, kind: 'prediction', sourceType: 'model_run', name: 'model' }, { valence: v, arousal: a })
    const p = annotationService({ db }).createProject('p', [sessionId, s2])
    const files = exportTraces(db, { projectId: p.id }, { format: 'circumplex' })
    expect(files.map((f) => f.fileName)).toEqual(['clip01.ann.csv', 'clip02.model.csv'])
    expect(files.every((f) => f.rows === N)).toBe(true)
  })
})

describe('guards', () => {
  it('refuses a trace whose length differs from the video (LENGTH_MISMATCH) unless allowed', () => {
    const id = insertTrace(db, { sessionId, kind: 'annotation', sourceType: 'import', sourceId: annotatorId, name: 'short' }, { valence: v.slice(0, 50), arousal: a.slice(0, 50) })
    expect(() => exportTrace(db, id, { format: 'aff-wild2' })).toThrow(expect.objectContaining({ code: 'LENGTH_MISMATCH' }))
    const f = exportTrace(db, id, { format: 'aff-wild2', allowLengthMismatch: true })
    expect(f.warnings[0]).toMatch(/spans 50 frame\(s\) but the video .* has 101/)
    expect(f.rows).toBe(N)
  })

  const bad: [string, ExchangeFormat, string, string, RegExp][] = [
    ['wrong delimiter', 'circumplex', 'frame;time_s;valence;arousal;source\n0;0;0.1;0.2;x\n', 'PARSE_ERROR', /line|delimiter/i],
    ['NaN cell', 'aff-wild2', `valence,arousal\n${'0.1,0.2\n'.repeat(50)}NaN,0.1\n${'0.1,0.2\n'.repeat(50)}`, 'PARSE_ERROR', /line 52.*valence.*NaN/],
    ['duplicate frames', 'circumplex', 'frame,time_s,valence,arousal,source\n0,0,0.1,0.2,x\n0,0.04,0.1,0.2,x\n', 'PARSE_ERROR', /line 3.*frame.*duplicated/],
    ['wrong scale', 'darma', 'time,x,y\n0,0.5,0.5\n0.04,5,0.5\n', 'PARSE_ERROR', /line 3.*'x'.*out of range/],
    ['declared 0,1 but negative', 'carma', 'time,value\n0,0.5\n0.04,-0.5\n', 'PARSE_ERROR', /line 3/],
    ['wrong length', 'aff-wild2', `valence,arousal\n${'0.1,0.2\n'.repeat(50)}`, 'LENGTH_MISMATCH', /50 frame line\(s\) but the video has 101/],
    ['too long in time', 'darma', `time,x,y\n${Array.from({ length: 200 }, (_, i) => `${i / 25},0.1,0.1`).join('\n')}\n`, 'LENGTH_MISMATCH', /runs to 7\.960 s/]
  ]
  it.each(bad)('%s → %s, nothing written', (_name, format, text, code, message) => {
    const before = listTraces(db, sessionId).length
    const mapping = _name.startsWith('declared') ? { scale: '0,1' as const } : {}
    let err: unknown
    try {
      importTrace(db, { sessionId, annotatorId, format, text, mapping })
    } catch (e) {
      err = e
    }
    expect(err).toMatchObject({ code })
    expect((err as Error).message).toMatch(message)
    expect(listTraces(db, sessionId).length).toBe(before)
  })

  it('previews columns, first rows and stats, and maps scale, rate and offset', () => {
    const text = `${Array.from({ length: 20 }, (_, i) => `${(i % 10) / 10};1`).join('\n')}\n` // NOVA 10 Hz, 0..0.9 on [0, 1]
    const p = previewImport(db, sessionId, 'nova', text, { scale: '0,1', rateHz: 10, offsetS: 1, dimension: 'arousal' })
    expect(p.columns).toEqual(['score', 'confidence'])
    expect(p.firstRows[1]).toEqual(['0.1', '1'])
    expect(p.rowCount).toBe(20)
    expect(p.startS).toBe(1)
    expect(p.stats.valence).toBeNull()
    expect(p.stats.arousal?.min).toBeCloseTo(-1)
    expect(p.stats.arousal?.max).toBeCloseTo(0.8)
    const r = importTrace(db, { sessionId, annotatorId, format: 'nova', text, mapping: { scale: '0,1', rateHz: 10, offsetS: 1, dimension: 'arousal' } })
    const pts = annotationService({ db }).points(r.traceId)
    expect(pts.frames[0]).toBe(25) // offset 1 s = frame 25
    expect(pts.arousal[0]).toBeCloseTo(-1)
    expect(pts.arousal[5]).toBeCloseTo(-0.6, 6) // 0.2 s later: sample 2 = 0.2 on [0,1] → -0.6
    expect(pts.valence[0]).toBeNull()
  })
})
