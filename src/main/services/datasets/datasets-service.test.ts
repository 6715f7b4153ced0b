import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { DatasetJobStart } from '../../../shared/datasets'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { getRun, setRunRegistryFields, upsertRun } from '../../db/queries/runs'
import { datasetHash, listClips } from '../../engine/data/dataset-dir'
import type { AppContext } from '../app-context'
import { datasetHashStreamed } from './dataset-hash'
import { datasetsService } from './datasets-service'
import { writeSessionsFolder } from './sessions-folder'
import { sessionWithTrace, tempDir, testContext, tinyDataset } from './test-fixtures'

const cleanup: string[] = []
afterAll(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })))

function caught(fn: () => unknown): { code: string; message: string } {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, message: e.message }
    throw e
  }
  throw new Error('expected an AppError')
}

async function finished(ctx: AppContext, start: DatasetJobStart): Promise<JobInfo> {
  return ctx.jobs.wait(start.job.id)
}

async function registered(ctx: AppContext, dir: string, format: 'afew-va' | 'sewa' | 'aff-wild2' = 'afew-va'): Promise<string> {
  const start = datasetsService(ctx).register(dir, format)
  const end = await finished(ctx, start)
  expect(end.error).toBeNull()
  expect(end.state).toBe('done')
  return start.datasetId
}

describe('datasets service: register a folder', () => {
  it('reads a synth folder into subjects, coverage, a histogram, the data hash and default folds', async () => {
    const ctx = testContext()
    const dir = await tinyDataset({ subjects: 4, frames: 8 })
    cleanup.push(dir)
    const s = datasetsService(ctx)
    const progress: number[] = []
    ctx.jobs.on((j) => j.kind === 'datasets:scan' && j.state === 'running' && progress.push(j.done))
    const id = await registered(ctx, dir)
    expect(progress.length).toBeGreaterThan(1)
    const list = s.list()
    expect(list.map((d) => [d.id, d.name, d.format, d.source, d.subjects, d.clips, d.frames, d.coverage, d.folds])).toEqual([[id, 'tiny', 'afew-va', 'folder', 4, 4, 32, 1, 4]])
    const d = s.get(id)
    expect(d.summary.subjects.map((x) => [x.subjectId, x.clipIds, x.frames, x.labelled])).toEqual(
      ['S01', 'S02', 'S03', 'S04'].map((sub) => [sub, [`${sub}_T01`], 8, 8])
    )
    expect(d.summary.frameCheck).toBe('manifest')
    expect(d.summary.histogram.total).toBe(32)
    expect(d.summary.histogram.counts.reduce((p, q) => p + q, 0)).toBe(32)
    expect(d.summary.histogram.counts.filter((c) => c > 0).length).toBeGreaterThan(1)
    // Means agree with the label files (AFEW-VA values / 10).
    const afew = JSON.parse(readFileSync(join(dir, 'afew-va', 'S02_T01', 'S02_T01.json'), 'utf8')) as { frames: Record<string, { valence: number }> }
    const mean = Object.values(afew.frames).reduce((p, f) => p + f.valence / 10, 0) / 8
    expect(d.summary.subjects[1].meanValence).toBeCloseTo(mean, 3)
    // The same data hash a training run records.
    expect(d.dataset.dataHash).toBe(datasetHash(listClips(dir), 'afew-va'))
    expect(d.folds.kind).toBe('subject-kfold')
    expect(d.folds.folds.flatMap((f) => f.test).sort()).toEqual(['S01', 'S02', 'S03', 'S04'])
  })

  it('refuses bad folders with clear codes and stores nothing', async () => {
    const ctx = testContext()
    const s = datasetsService(ctx)
    const dir = await tinyDataset({ subjects: 2, frames: 4 })
    cleanup.push(dir)
    const empty = tempDir('cx-ds-empty-')
    cleanup.push(empty)
    expect(caught(() => s.register(join(empty, 'nope'), 'afew-va'))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no such folder/) })
    expect(caught(() => s.register(empty, 'afew-va'))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/neither manifest.json nor subjects.json/) })
    expect(caught(() => s.register(join(dir, 'manifest.json'), 'afew-va'))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/is a file/) })
    expect(caught(() => s.register(dir, 'recola'))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/unknown label format 'recola'/) })
    writeFileSync(join(empty, 'manifest.json'), '{"clips": [')
    expect(caught(() => s.register(empty, 'afew-va'))).toMatchObject({ code: 'PARSE_ERROR', message: expect.stringMatching(/not valid JSON/) })
    writeFileSync(join(empty, 'manifest.json'), '{"clips": [{"clipId": "x", "video": "v.mp4"}]}')
    expect(caught(() => s.register(empty, 'afew-va'))).toMatchObject({ code: 'PARSE_ERROR', message: expect.stringMatching(/clips\[0\]\.subjectId/) })
    writeFileSync(join(empty, 'manifest.json'), '{"clips": []}')
    expect(caught(() => s.register(empty, 'afew-va'))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/lists no clips/) })
    rmSync(join(dir, 'aff-wild2', 'S02_T01.txt'))
    expect(caught(() => s.register(dir, 'aff-wild2'))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no aff-wild2 labels: 1 of 2 clip/) })
    rmSync(join(dir, 'videos', 'S01_T01.mp4'))
    expect(caught(() => s.register(dir, 'afew-va'))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/1 of 2 clip\(s\) have no video/) })
    expect(s.list()).toEqual([])
    expect(ctx.jobs.list()).toEqual([])
  })

  it('fails the job on labels whose length differs from the video, and stores nothing', async () => {
    const ctx = testContext()
    const s = datasetsService(ctx)
    const dir = await tinyDataset({ subjects: 2, frames: 6 })
    cleanup.push(dir)
    const manifestPath = join(dir, 'manifest.json')
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as { clips: Array<{ frameCount: number }> }
    m.clips[1].frameCount = 9
    writeFileSync(manifestPath, JSON.stringify(m))
    const end = await finished(ctx, s.register(dir, 'afew-va'))
    expect(end.state).toBe('failed')
    expect(end.error).toMatchObject({ code: 'LENGTH_MISMATCH', message: expect.stringMatching(/S02_T01: the labels .* cover 6 frame\(s\) but the video has 9/) })
    m.clips[1].frameCount = 6
    writeFileSync(manifestPath, JSON.stringify(m))
    appendFileSync(join(dir, 'aff-wild2', 'S01_T01.txt'), '0.1,0.2\n')
    const end2 = await finished(ctx, s.register(dir, 'aff-wild2'))
    expect(end2.error).toMatchObject({ code: 'LENGTH_MISMATCH', message: expect.stringMatching(/S01_T01.txt: 7 label line\(s\) but the clip has 6/) })
    writeFileSync(join(dir, 'sewa', 'S01_T01.csv'), 'name;timestamp;arousal;valence;liking\nS01_T01;0;oops;0;\n')
    const end3 = await finished(ctx, s.register(dir, 'sewa'))
    expect(end3.error).toMatchObject({ code: 'PARSE_ERROR', message: expect.stringMatching(/^S01_T01: .*'arousal'.*oops.*sewa\/S01_T01\.csv/) })
    expect(s.list()).toEqual([])
  })

  it('refuses a second registration of a folder, and can be cancelled', async () => {
    const ctx = testContext()
    const s = datasetsService(ctx)
    const dir = await tinyDataset({ subjects: 2, frames: 4 })
    cleanup.push(dir)
    const first = s.register(dir, 'afew-va', 'first')
    expect(caught(() => s.register(dir, 'afew-va'))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/being registered/) })
    await finished(ctx, first)
    expect(caught(() => s.register(`${dir}/`, 'sewa'))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already registered as 'first'/) })
    s.remove(first.datasetId)
    const again = s.register(dir, 'afew-va')
    ctx.jobs.cancel(again.job.id)
    expect((await finished(ctx, again)).state).toBe('cancelled')
    expect(s.list()).toEqual([])
  })
})

describe('datasets service: folds, check, remove', () => {
  it('saves edited folds, refuses invalid ones without losing the saved split', async () => {
    const ctx = testContext()
    const s = datasetsService(ctx)
    const dir = await tinyDataset({ subjects: 4, frames: 4 })
    cleanup.push(dir)
    const id = await registered(ctx, dir)
    const before = s.get(id).folds
    const f1 = before.folds[0]
    // Move one training subject of fold 1 to test.
    const moved = f1.train[0]
    const edited = [{ ...f1, train: f1.train.filter((x) => x !== moved), test: [...f1.test, moved] }, ...before.folds.slice(1)]
    const after = s.saveFolds(id, edited)
    expect(after.folds.kind).toBe('custom')
    expect(after.folds.folds[0].test).toContain(moved)
    expect(s.get(id).folds).toEqual(after.folds)
    const bad = [
      { ...f1, test: [...f1.test, 'S99'] },
      { ...f1, val: [...f1.val, f1.test[0]] },
      { ...f1, train: [] as string[], val: [...f1.val, ...f1.train] }
    ]
    expect(caught(() => s.saveFolds(id, [bad[0]])).code).toBe('INVALID_ARGUMENT')
    expect(caught(() => s.saveFolds(id, [bad[1]])).code).toBe('SUBJECT_LEAKAGE')
    expect(caught(() => s.saveFolds(id, [bad[2]])).message).toMatch(/no training subject/)
    expect(caught(() => s.saveFolds('ds-none', edited)).code).toBe('NOT_FOUND')
    expect(s.get(id).folds).toEqual(after.folds)
    // Back to the seeded k-fold: recognised as such.
    expect(s.saveFolds(id, before.folds, 1).folds).toEqual(before)
  })

  it('check() reports a folder that changed, and one that is gone', async () => {
    const ctx = testContext()
    const s = datasetsService(ctx)
    const dir = await tinyDataset({ subjects: 2, frames: 4 })
    cleanup.push(dir)
    const id = await registered(ctx, dir, 'aff-wild2')
    const same = await s.check(id)
    expect(same).toMatchObject({ datasetId: id, same: true, message: null })
    expect(same.currentHash).toBe(same.registeredHash)
    const label = join(dir, 'aff-wild2', 'S02_T01.txt')
    writeFileSync(label, readFileSync(label, 'utf8').replace(/\n(-?[\d.]+),/, '\n0.5,'))
    const changed = await s.check(id)
    expect(changed.same).toBe(false)
    expect(changed.currentHash).not.toBe(changed.registeredHash)
    expect(changed.message).toMatch(/changed since it was registered/)
    rmSync(dir, { recursive: true })
    const gone = await s.check(id)
    expect(gone).toMatchObject({ same: false, currentHash: null, message: expect.stringMatching(/can no longer be read/) })
  })

  it('remove() forgets the registration only: the folder stays, runs keep their row', async () => {
    const ctx = testContext()
    const s = datasetsService(ctx)
    const dir = await tinyDataset({ subjects: 2, frames: 4 })
    cleanup.push(dir)
    const id = await registered(ctx, dir)
    upsertRun(ctx.db, { id: 'r1', model: 'anclaf', preset: 'compact', configJson: '{}', dataHash: 'h', fold: 'fold-1', runDir: '/x' })
    setRunRegistryFields(ctx.db, 'r1', { datasetId: id })
    expect(s.remove(id)).toEqual({ datasetId: id, path: dir })
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true)
    expect(s.list()).toEqual([])
    expect(getRun(ctx.db, 'r1')?.datasetId).toBeNull()
    expect(caught(() => s.remove(id)).code).toBe('NOT_FOUND')
    expect(caught(() => s.get(id)).code).toBe('NOT_FOUND')
  })
})

describe('datasets service: build from sessions', () => {
  const full = (n: number, off = 0): Array<[number, number]> => Array.from({ length: n }, (_, i) => [Math.sin(i + off) * 0.8, Math.cos(i + off) * 0.6])

  it('writes the dataset-dir layout under the data dir and registers it (afew-va when fully labelled)', async () => {
    const ctx = testContext()
    cleanup.push(ctx.layout.root)
    const s = datasetsService(ctx)
    const a = sessionWithTrace(ctx, 'Anna talk 1', full(6))
    const b = sessionWithTrace(ctx, 'Anna talk 2', full(5, 1))
    const c = sessionWithTrace(ctx, 'Ben/talk', full(4, 2))
    const start = s.fromSessions({ name: 'own sessions', sessionIds: [a, b, c], source: { kind: 'gold' }, subjects: { [a]: 'anna', [b]: 'anna' } })
    expect(start.path).toBe(join(ctx.layout.root, 'datasets', start.datasetId))
    const end = await finished(ctx, start)
    expect(end.error).toBeNull()
    const d = s.get(start.datasetId)
    expect(d.dataset).toMatchObject({ name: 'own sessions', source: 'sessions', format: 'afew-va', clips: 3, frames: 15, coverage: 1 })
    expect(d.summary.subjects.map((x) => [x.subjectId, x.clipIds])).toEqual([
      ['Ben/talk', ['Ben_talk']],
      ['anna', ['Anna_talk_1', 'Anna_talk_2']]
    ])
    // Labels × 10 in AFEW-VA; the face track's landmarks, none on frame 0 (no face there).
    expect(d.summary.clips.map((x) => x.withFace)).toEqual([5, 4, 3])
    const clips = listClips(start.path)
    const afew = JSON.parse(readFileSync(clips[0].afewVa, 'utf8')) as { frames: Record<string, { valence: number; landmarks?: number[][] }> }
    expect(afew.frames['00002'].valence).toBeCloseTo(Math.sin(2) * 8, 3)
    expect(afew.frames['00000'].landmarks).toBeUndefined()
    expect(afew.frames['00001'].landmarks?.[0]).toEqual([10, 10.25])
    expect(readFileSync(clips[0].video, 'utf8')).toBe('video of Anna talk 1')
    expect(d.folds.folds).toHaveLength(2)
    expect(d.dataset.dataHash).toBe(await datasetHashStreamed(clips, 'afew-va'))
  })

  it('uses aff-wild2 (−5 = unlabelled) when a trace has gaps; an annotator trace can be chosen', async () => {
    const ctx = testContext()
    cleanup.push(ctx.layout.root)
    const s = datasetsService(ctx)
    const values: Array<[number, number] | null> = [[0.1, 0.2], null, [0.3, -0.4], null]
    const a = sessionWithTrace(ctx, 'gappy', values)
    const b = sessionWithTrace(ctx, 'whole', full(4))
    const start = s.fromSessions({ name: 'gaps', sessionIds: [a, b], source: { kind: 'gold' } })
    expect((await finished(ctx, start)).error).toBeNull()
    const d = s.get(start.datasetId)
    expect(d.dataset.format).toBe('aff-wild2')
    expect(d.summary.clips[0]).toMatchObject({ clipId: 'gappy', frames: 4, labelled: 2, meanValence: 0.2, meanArousal: -0.1 })
    expect(readFileSync(join(start.path, 'aff-wild2', 'gappy.txt'), 'utf8').split('\n').slice(1, 5)).toEqual(['0.1,0.2', '-5,-5', '0.3,-0.4', '-5,-5'])
    expect(caught(() => s.fromSessions({ name: 'x', sessionIds: [a], source: { kind: 'annotator', annotatorId: 'nobody' } })).message).toMatch(/'gappy' .* has no trace by annotator nobody/)
  })

  it('names the session that cannot contribute, and writes nothing', async () => {
    const ctx = testContext()
    cleanup.push(ctx.layout.root)
    const s = datasetsService(ctx)
    const ok = sessionWithTrace(ctx, 'fine', full(3))
    const noFace = sessionWithTrace(ctx, 'faceless', full(3), { face: false })
    const noGold = sessionWithTrace(ctx, 'unrated', full(3), { gold: false })
    const empty = sessionWithTrace(ctx, 'blank', [null, null])
    expect(caught(() => s.fromSessions({ name: 'x', sessionIds: [ok, noFace], source: { kind: 'gold' } }))).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/'faceless' .* has no face track/) })
    expect(caught(() => s.fromSessions({ name: 'x', sessionIds: [noGold], source: { kind: 'gold' } })).message).toMatch(/'unrated' .* has no gold trace/)
    expect(caught(() => s.fromSessions({ name: 'x', sessionIds: [empty], source: { kind: 'gold' } })).message).toMatch(/'blank' .* has no labels/)
    expect(caught(() => s.fromSessions({ name: 'x', sessionIds: ['nope'], source: { kind: 'gold' } })).code).toBe('NOT_FOUND')
    expect(caught(() => s.fromSessions({ name: 'x', sessionIds: [ok, ok], source: { kind: 'gold' } })).message).toMatch(/listed twice/)
    expect(existsSync(join(ctx.layout.root, 'datasets'))).toBe(false)
    expect(s.list()).toEqual([])
    // A folder that exists already is never written into, and a failed write leaves nothing behind.
    const existing = tempDir('cx-ds-existing-')
    cleanup.push(existing)
    writeFileSync(join(existing, 'keep.txt'), 'mine')
    const spec = { dir: existing, name: 'x', fps: 10, clips: [] }
    expect(caught(() => writeSessionsFolder(spec)).code).toBe('CONFLICT')
    expect(readFileSync(join(existing, 'keep.txt'), 'utf8')).toBe('mine')
    const fresh = join(existing, 'new')
    const clip = { clipId: 'c', subjectId: 's', sessionId: 'x', sessionName: 'x', traceId: 't', traceName: 't', video: join(existing, 'missing.mp4'), valence: new Float32Array(1), arousal: new Float32Array(1), landmarks: new Float32Array(136) }
    expect(caught(() => writeSessionsFolder({ ...spec, dir: fresh, clips: [clip] }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/missing.mp4: the session's video is missing/) })
    expect(existsSync(fresh)).toBe(false)
  })
})
