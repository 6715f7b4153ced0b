import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection'
import { getFaceTrack } from '../../db/queries/faces'
import { getFrameTimestamps, listSessions } from '../../db/queries/sessions'
import { HAVE_FFMPEG, makeCorpus, type Corpus } from '../../media/fixtures/bad-media-corpus'
import { resolveTool } from '../../media/tools'
import type { JobContext } from '../../jobs/protocol'
import { importJob, type ImportJobArgs, type ImportJobResult } from './import-job'
import { summarizeImport } from './import-summary'
import { storeImport } from './store-import'

const SHARED_VIDEO = resolve('..', 'shared', 'data', 'video')

function ctx(signal = new AbortController().signal): JobContext & { seen: Array<[number, number]> } {
  const seen: Array<[number, number]> = []
  return { signal, progress: (d, t) => seen.push([d, t]), seen }
}

function args(path: string, cacheDir: string, faces = false): ImportJobArgs {
  return { path, cacheDir, faces, spectrogram: true, maxSide: 320 }
}

describe.skipIf(!HAVE_FFMPEG)('import job: bad inputs end in a clear code and an intact database', () => {
  let c: Corpus
  const cache = mkdtempSync(join(tmpdir(), 'cx-imp-cache-'))
  beforeAll(() => {
    c = makeCorpus()
  })

  it('imports a good clip and stores it whole in one transaction', async () => {
    const { db } = openDatabase(join(mkdtempSync(join(tmpdir(), 'cx-imp-')), 'db.sqlite'))
    const k = ctx()
    const r = (await importJob(args(c.good, cache), k)) as ImportJobResult
    expect(r.facts.video.frameCount).toBe(50)
    expect(r.spectrogram?.columns).toBeGreaterThan(80)
    expect(k.seen.at(-1)?.[0]).toBe(k.seen.at(-1)?.[1])
    const { sessionId } = storeImport(db, r, { name: 'good' })
    expect(getFrameTimestamps(db, sessionId)?.length).toBe(50)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('refuses every bad input with its code and writes nothing', async () => {
    const { db } = openDatabase(join(mkdtempSync(join(tmpdir(), 'cx-imp-')), 'db.sqlite'))
    storeImport(db, (await importJob(args(c.good, cache), ctx())) as ImportJobResult, { name: 'kept' })
    const cases: Array<[string, string]> = [
      [c.zeroByte, 'MEDIA_UNREADABLE'],
      [c.truncated, 'MEDIA_UNREADABLE'],
      [c.corrupt, 'MEDIA_UNREADABLE'],
      [c.textAsVideo, 'MEDIA_UNREADABLE'],
      [c.audioOnly, 'MEDIA_NO_VIDEO'],
      [c.missing, 'NOT_FOUND']
    ]
    for (const [path, code] of cases) {
      await expect(importJob(args(path, cache), ctx()), path).rejects.toMatchObject({ code })
    }
    expect(listSessions(db).map((s) => s.name)).toEqual(['kept'])
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('handles no audio, VFR and audio shorter than video as facts, not failures', async () => {
    const noAudio = (await importJob(args(c.noAudio, cache), ctx())) as ImportJobResult
    expect(noAudio.facts.audio).toBeNull()
    expect(noAudio.spectrogram).toBeNull()
    const vfr = (await importJob(args(c.vfr, cache), ctx())) as ImportJobResult
    expect(summarizeImport(vfr).isVfr).toBe(true)
    const short = (await importJob(args(c.audioShorter, cache), ctx())) as ImportJobResult
    expect(short.warnings.join(' ')).toMatch(/audio/)
    const huge = (await importJob(args(c.huge, cache, true), ctx())) as ImportJobResult
    expect([huge.facts.video.displayWidth, huge.facts.video.frameCount]).toEqual([4096, 5])
    expect(huge.faces?.framesDecoded).toBe(5)
    expect(huge.faces?.framesWithFace).toBe(0)
  })

  it('a cancelled import throws CANCELLED and leaves no session', async () => {
    const { db } = openDatabase(join(mkdtempSync(join(tmpdir(), 'cx-imp-')), 'db.sqlite'))
    const ac = new AbortController()
    const k = ctx(ac.signal)
    const run = importJob(args(c.good, cache, true), { ...k, progress: (d, t) => (d > 3 ? ac.abort() : k.progress(d, t)) })
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(listSessions(db)).toEqual([])
  })

  it('a file that disappears mid-import fails cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cx-vanish-'))
    const path = join(dir, 'v.mp4')
    spawnSync(resolveTool('ffmpeg') as string, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=96x64:rate=25:duration=4', '-pix_fmt', 'yuv420p', path])
    const k = ctx()
    const run = importJob(args(path, cache, true), {
      ...k,
      progress: (d, t) => {
        if (d === 1) spawnSync('rm', ['-f', path])
        k.progress(d, t)
      }
    })
    await expect(run).rejects.toMatchObject({ code: expect.stringMatching(/MEDIA_UNREADABLE|NOT_FOUND/) })
  })
})

describe.skipIf(!HAVE_FFMPEG || !existsSync(SHARED_VIDEO))('import of the shared face_noface.mov', () => {
  it('finds the face, then a stretch without one (stored as gaps, never zeros)', async () => {
    const r = (await importJob(args(join(SHARED_VIDEO, 'face_noface.mov'), mkdtempSync(join(tmpdir(), 'cx-nf-')), true), ctx())) as ImportJobResult
    const s = summarizeImport(r)
    expect(s.faces?.stretches[0]).toMatchObject({ from: 0, present: true })
    // The cut to the animation (about 2.7 s in) starts a long stretch without a face.
    expect(s.faces?.stretches.some((x) => !x.present && x.from > 60 && x.to - x.from > 20)).toBe(true)
    const { db } = openDatabase(join(mkdtempSync(join(tmpdir(), 'cx-imp-')), 'db.sqlite'))
    const { sessionId } = storeImport(db, r, { name: 'face_noface' })
    const track = getFaceTrack(db, sessionId)
    const gap = s.faces?.stretches.find((x) => !x.present)
    expect(Number.isNaN(track?.landmarks[(gap?.from ?? 0) * 136] ?? 0)).toBe(true)
    expect(track?.landmarks.some((v) => v === 0)).toBe(false)
  }, 120_000)
})
