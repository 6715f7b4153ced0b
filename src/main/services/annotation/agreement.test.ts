import { describe, expect, it } from 'vitest'
import { agreementCommand } from '../../cli/commands/agreement'
import { runCommand, tempFiles } from '../../cli/affect/test-harness'
import { insertTrace } from '../../db/queries/traces'
import { annotationService } from './annotation-service'
import { computeTraceAgreement, fuseGold } from './agreement'
import { getGoldRecipe } from '../../db/queries/annotation'
import { addSession, openAnnotationDb } from './test-db'

const N = 300
const base = (f: number) => Math.sin(f / 15) * 0.6

function setup() {
  const db = openAnnotationDb()
  const sessionId = addSession(db, N)
  const s = annotationService({ db })
  const traceIds = [0, 5, 12].map((lag, k) => {
    const a = s.createAnnotator(`r${k + 1}`)
    const p = s.startPass({ sessionId, annotatorId: a.id, mode: '2d' })
    for (let f0 = 0; f0 < N; f0 += 10) {
      const batch = []
      for (let f = f0; f < f0 + 10; f++) {
        if (k === 2 && f % 37 === 0) continue // missing values
        batch.push([f, Math.max(-1, Math.min(1, base(f - lag) + 0.05 * Math.sin(f * (k + 1)))), base(f) * 0.5] as const)
      }
      s.append(p.id, batch)
    }
    return p.traceId
  })
  return { db, sessionId, traceIds, s }
}

describe('annotations:agreement', () => {
  it('returns the same numbers as `circumplex agreement` on the same ratings', async () => {
    const { db, sessionId, traceIds, s } = setup()
    const r = computeTraceAgreement(db, { sessionId, traceIds, dimension: 'valence' })
    expect(r.raw.icc.forms.map((f) => f.form)).toEqual(['ICC(1,1)', 'ICC(C,1)', 'ICC(A,1)', 'ICC(1,k)', 'ICC(C,k)', 'ICC(A,k)'])
    // The same matrix as a CSV through the CLI.
    const cols = traceIds.map((t) => {
      const p = s.points(t)
      const out: (number | null)[] = new Array(N).fill(null)
      p.frames.forEach((f, i) => (out[f] = p.valence[i]))
      return out
    })
    const csv = ['frame,r1,r2,r3', ...Array.from({ length: N }, (_, f) => [f, ...cols.map((c) => (c[f] === null ? '' : String(c[f])))].join(','))].join('\n')
    const files = tempFiles({ 'r.csv': `${csv}\n` })
    try {
      const cli = await runCommand(agreementCommand, ['r.csv', '--json'], files.dir)
      expect(cli.code).toBe(0)
      const fromCli = JSON.parse(cli.out)
      const fromPanel = JSON.parse(JSON.stringify(r.raw)) // as it crosses IPC
      expect({ ...fromPanel, source: null }).toEqual({ ...fromCli, source: null })
    } finally {
      files.cleanup()
    }
  })

  it('lag-corrects each rater against the others and improves agreement', () => {
    const { db, sessionId, traceIds } = setup()
    const r = computeTraceAgreement(db, { sessionId, traceIds, dimension: 'valence', lagCorrect: true, maxLagS: 1 })
    expect(r.lagCorrected?.lags.map((l) => l.rater)).toEqual(['r1', 'r2', 'r3'])
    const lags = r.lagCorrected?.lags.map((l) => l.lagFrames) ?? []
    expect(lags[2] - lags[0]).toBeGreaterThanOrEqual(9)
    const icc = (rep: typeof r.raw) => rep.icc.forms.find((f) => f.form === 'ICC(A,k)')?.value ?? NaN
    expect(icc(r.lagCorrected?.report ?? r.raw)).toBeGreaterThan(icc(r.raw))
  })

  it('refuses fewer than 2 raters and traces of another session', () => {
    const { db, sessionId, traceIds } = setup()
    expect(() => computeTraceAgreement(db, { sessionId, traceIds: [traceIds[0]], dimension: 'valence' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    const other = addSession(db, 10, 25, 'other')
    const t = insertTrace(db, { sessionId: other, kind: 'prediction', sourceType: 'model_run', name: 'm' }, { valence: [0], arousal: [0] })
    expect(() => computeTraceAgreement(db, { sessionId, traceIds: [traceIds[0], t], dimension: 'valence' })).toThrow(/not on session/)
  })
})

describe('annotations:fuse', () => {
  it.each(['mean', 'ewe', 'dba'] as const)('%s → a gold trace with its recipe and a fuse edit', (method) => {
    const { db, traceIds, s } = setup()
    const r = fuseGold(db, { traceIds, method })
    const gold = s.points(r.traceId)
    expect(gold.frames.length).toBe(N)
    expect(db.prepare('SELECT kind, source_type FROM traces WHERE id = ?').get(r.traceId)).toEqual({ kind: 'gold', source_type: 'fusion' })
    expect(getGoldRecipe(db, r.traceId)).toMatchObject({ method, inputTraceIds: traceIds })
    expect(s.history(r.traceId).edits.map((e) => e.kind)).toEqual(['fuse'])
    if (method === 'mean') expect(gold.arousal[10]).toBeCloseTo(base(10) * 0.5, 6)
  })
})
