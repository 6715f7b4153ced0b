import { readFile, mkdtemp, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readAfewVaJson } from '../formats/afew-va'
import { readAffWild2VaTxt } from '../formats/aff-wild2'
import { readSewaCsv } from '../formats/sewa'
import { datasetIdentities, generateDataset, sewaRows, stratifiedSkinTones, type SynthDatasetResult, type SynthDatasetSpec } from './generate-dataset'
import { subjectIdentity } from './generate-session'
import { HAVE_FFMPEG, probeCounts } from './test-ffmpeg'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})
async function run(spec: SynthDatasetSpec): Promise<SynthDatasetResult> {
  const d = await mkdtemp(join(tmpdir(), 'synth-dataset-'))
  dirs.push(d)
  return generateDataset(spec, d)
}

const SPEC: SynthDatasetSpec = { seed: 3, subjects: 2, sessionsPerSubject: 2, seconds: 2, fps: 25, width: 64, height: 64, videos: false }

async function labelFiles(r: SynthDatasetResult): Promise<Map<string, Buffer>> {
  const m = new Map<string, Buffer>()
  for (const c of r.clips) for (const p of [c.afewVa, c.sewa, c.affWild2]) m.set(p, await readFile(join(r.outDir, p)))
  m.set('subjects.json', await readFile(r.subjectsPath))
  return m
}

describe('generateDataset', () => {
  it('same seed → byte-identical label files; another seed → different labels', async () => {
    const a = await run(SPEC)
    const b = await run(SPEC)
    const c = await run({ ...SPEC, seed: 4 })
    const la = await labelFiles(a)
    const lb = await labelFiles(b)
    const lc = await labelFiles(c)
    expect(la.size).toBe(2 * 2 * 3 + 1)
    for (const [p, buf] of la) {
      expect(lb.get(p)?.equals(buf), p).toBe(true)
      if (p !== 'subjects.json') expect(lc.get(p)?.equals(buf), p).toBe(false)
    }
    expect((await readFile(a.manifestPath, 'utf8')).replaceAll(a.outDir, '')).toBe((await readFile(b.manifestPath, 'utf8')).replaceAll(b.outDir, ''))
  })

  // bench/ap-acceptance.sh PROTOCOL=disjoint adds subjects to a world and keeps its backbone; COST=1 compares it
  // with its --no-degrade twin frame by frame. Both need these invariances.
  it('more subjects keep the first subjects byte-identical; the --no-degrade twin has the same labels', async () => {
    const a = await run({ ...SPEC, sessionsPerSubject: 1 })
    const more = await run({ ...SPEC, sessionsPerSubject: 1, subjects: 3 })
    const twin = await run({ ...SPEC, sessionsPerSubject: 1, degrade: false })
    const la = await labelFiles(a)
    const lm = await labelFiles(more)
    const lt = await labelFiles(twin)
    expect(lm.size).toBe(3 * 3 + 1)
    for (const [p, buf] of la) {
      if (p === 'subjects.json') continue
      expect(lm.get(p)?.equals(buf), p).toBe(true)
      expect(lt.get(p)?.equals(buf), p).toBe(true)
    }
    type M = { clips: Array<{ clipId: string; manifest: { degradations: unknown[]; expressionChanges: unknown[] } }> }
    const ma = JSON.parse(await readFile(a.manifestPath, 'utf8')) as M
    const mm = JSON.parse(await readFile(more.manifestPath, 'utf8')) as M
    const mt = JSON.parse(await readFile(twin.manifestPath, 'utf8')) as M
    expect(mm.clips.slice(0, 2)).toEqual(ma.clips)
    expect(ma.clips.every((c) => c.manifest.degradations.length > 0)).toBe(true)
    expect(mt.clips.every((c) => c.manifest.degradations.length === 0)).toBe(true)
    expect(mt.clips.map((c) => c.manifest.expressionChanges)).toEqual(ma.clips.map((c) => c.manifest.expressionChanges))
  })

  it('stratified skin tones: one subject in each N-th of the light → dark range, seeded; nothing else changes', async () => {
    const t = stratifiedSkinTones(32, 11)
    expect(t).toEqual(stratifiedSkinTones(32, 11))
    expect(t).not.toEqual(stratifiedSkinTones(32, 12))
    expect(t.map((x) => Math.floor(x * 32)).sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_, i) => i))
    const lum = (c: readonly number[]) => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]
    const random = datasetIdentities(32, 11)
    const strat = datasetIdentities(32, 11, 'stratified')
    random.forEach((id, i) => expect(id).toEqual(subjectIdentity(`S${String(i + 1).padStart(2, '0')}`, 11)))
    strat.forEach((id, i) => expect({ ...id, skin: null, lip: null }).toEqual({ ...random[i], skin: null, lip: null }))
    // Darker tone, darker skin: luminance falls with the tone (up to the ±6 colour jitter).
    const byTone = strat.map((id, i) => ({ t: t[i], l: lum(id.skin) })).sort((a, b) => a.t - b.t)
    for (let k = 1; k < byTone.length; k++) expect(byTone[k].l).toBeLessThan(byTone[k - 1].l + 12)
    // Seed 11's random draw has one face far darker than the rest (S05, luminance 64; the next is 87); stratified
    // tones put four subjects in the darkest eighth.
    const darkest = (ids: typeof strat) => ids.map((id) => lum(id.skin)).filter((l) => l < 95).length
    expect(darkest(random)).toBe(3)
    expect(darkest(strat)).toBeGreaterThanOrEqual(4)
    // Labels do not depend on skin: the stratified dataset's label files are the random one's.
    const a = await labelFiles(await run({ ...SPEC, sessionsPerSubject: 1 }))
    const b = await labelFiles(await run({ ...SPEC, sessionsPerSubject: 1, skinTones: 'stratified' }))
    for (const [p, buf] of a) expect(b.get(p)?.equals(buf), p).toBe(p !== 'subjects.json')
    await expect(run({ ...SPEC, skinTones: 'even' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })

  it('label files parse with the format readers and agree with each other', async () => {
    const r = await run({ ...SPEC, subjects: 1, sessionsPerSubject: 1 })
    const clip = r.clips[0]
    expect(clip.clipId).toBe('S01_T01')
    const afew = readAfewVaJson(await readFile(join(r.outDir, clip.afewVa), 'utf8'))
    const aff = readAffWild2VaTxt(await readFile(join(r.outDir, clip.affWild2), 'utf8'))
    const sewa = readSewaCsv(await readFile(join(r.outDir, clip.sewa), 'utf8'))
    expect(afew.frames.length).toBe(50)
    expect(aff.length).toBe(50)
    expect(sewa.length).toBe(20)
    expect(afew.actor).toBe('S01')
    for (let i = 0; i < 50; i++) {
      const f = aff[i]
      expect(f).not.toBeNull()
      expect(afew.frames[i].valence / 10).toBeCloseTo(f?.valence ?? NaN, 2)
      expect(afew.frames[i].landmarks?.length).toBe(68)
    }
    expect(sewa[3].timestamp).toBeCloseTo(0.3, 10)
    const manifest = JSON.parse(await readFile(r.manifestPath, 'utf8')) as { seed: number; clips: Array<{ manifest: { expressionChanges: unknown[]; videoDegradedSegments: unknown[]; audioDegradedSegments: unknown[] } }> }
    expect(manifest.seed).toBe(3)
    expect(manifest.clips[0].manifest.expressionChanges.length).toBeGreaterThan(0)
    expect(manifest.clips[0].manifest.videoDegradedSegments.length).toBeGreaterThan(0)
  })

  it.skipIf(!HAVE_FFMPEG)('writes one MP4 per clip with the labelled frame count', async () => {
    const r = await run({ ...SPEC, subjects: 2, sessionsPerSubject: 1, seconds: 1, videos: true })
    for (const c of r.clips) {
      expect(c.video).not.toBeNull()
      const path = join(r.outDir, c.video as string)
      expect(existsSync(path)).toBe(true)
      expect(probeCounts(path).video).toBe(c.frameCount)
    }
  })
})

describe('sewaRows', () => {
  it('averages frames per 0.1 s window', () => {
    const v = new Float32Array([0, 1, 0.5, 0.5, 1])
    const rows = sewaRows('x', v, v, 25)
    // 25 fps: frames at 0, .04, .08 | .12, .16 → windows [0, .1) and [.1, .2)
    expect(rows.map((r) => r.timestamp)).toEqual([0, 0.1])
    expect(rows[0].valence).toBeCloseTo(0.5, 4)
    expect(rows[1].valence).toBeCloseTo(0.75, 4)
  })
})
