import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { layoutOf, prepareDataDir } from '../../data-dir'
import { insertTrace, listTraces } from '../../db/queries/traces'
import { addSession, openAnnotationDb } from '../../services/annotation/test-db'
import { runCommand, tempFiles } from '../affect/test-harness'
import { exportCommand, importTraceCommand } from './annotation-io'

const files = tempFiles({ 'bad.csv': 'frame;time_s;valence;arousal;source\n0;0;0;0;x\n' })
afterAll(files.cleanup)
const dataDir = join(files.dir, 'data')
prepareDataDir(dataDir)
const db = openAnnotationDb(layoutOf(dataDir).dbFile)
const sessionId = addSession(db, 50, 25, 'clip')
const traceId = insertTrace(db, { sessionId, kind: 'prediction', sourceType: 'model_run', name: 'model' }, {
  valence: Array.from({ length: 50 }, (_, f) => Math.fround(Math.sin(f / 5) * 0.7)),
  arousal: Array.from({ length: 50 }, (_, f) => Math.fround(Math.cos(f / 9) * 0.4))
})
db.close()

describe('circumplex export / import-trace', () => {
  it('exports a trace and imports it back as an annotator trace', async () => {
    const ex = await runCommand(exportCommand, ['--session', sessionId, '--format', 'darma', '--out', 'm.csv', '--data-dir', dataDir], files.dir)
    expect(ex.err).toBe('')
    expect(ex.code).toBe(0)
    expect(readFileSync(join(files.dir, 'm.csv'), 'utf8').split('\n')[0]).toBe('time,x,y')
    const im = await runCommand(importTraceCommand, ['m.csv', '--session', sessionId, '--format', 'darma', '--annotator', 'carol', '--json', '--data-dir', dataDir], files.dir)
    expect(im.err).toBe('')
    const r = JSON.parse(im.out)
    expect(r.preview.coveredFrames).toBe(50)
    const check = openAnnotationDb(layoutOf(dataDir).dbFile)
    expect(listTraces(check, sessionId).map((t) => [t.kind, t.sourceType, t.frameCount])).toEqual([
      ['prediction', 'model_run', 50],
      ['annotation', 'import', 50]
    ])
    check.close()
    expect(traceId).toBeTruthy()
  })

  it('refuses a bad file with PARSE_ERROR and writes nothing', async () => {
    const r = await runCommand(importTraceCommand, ['bad.csv', '--session', sessionId, '--format', 'circumplex', '--annotator', 'dan', '--data-dir', dataDir], files.dir)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^circumplex: PARSE_ERROR: .*line 1/)
    const check = openAnnotationDb(layoutOf(dataDir).dbFile)
    expect(listTraces(check, sessionId)).toHaveLength(2)
    check.close()
  })

  it('checks its flags', async () => {
    expect((await runCommand(exportCommand, ['--session', sessionId, '--format', 'xls', '--out', 'x', '--data-dir', dataDir], files.dir)).err).toMatch(/--format must be one of/)
    expect((await runCommand(importTraceCommand, ['m.csv', '--session', sessionId, '--format', 'nova', '--annotator', 'x', '--scale', '0,100', '--data-dir', dataDir], files.dir)).code).toBe(2)
  })
})
