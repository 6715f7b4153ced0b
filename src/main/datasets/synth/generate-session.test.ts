import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/ipc/errors'
import { generateSession, planSession, type SynthSessionSpec } from './generate-session'
import { HAVE_FFMPEG, probeCounts } from './test-ffmpeg'
import { openVideoWriter } from './video-writer'

const dirs: string[] = []
async function tmp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'synth-session-'))
  dirs.push(d)
  return d
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

const spec: SynthSessionSpec = { subjectId: 'S01', sessionId: 'S01_T01', seed: 5, seconds: 1, fps: 25, width: 64, height: 64, degrade: true }

describe('planSession', () => {
  it('labels are deterministic and sized by the spec', () => {
    const a = planSession({ ...spec, seconds: 8 })
    const b = planSession({ ...spec, seconds: 8 })
    expect(a.frameCount).toBe(200)
    expect(a.landmarks.length).toBe(200 * 136)
    expect(Buffer.from(a.valence.buffer).equals(Buffer.from(b.valence.buffer))).toBe(true)
    expect(Buffer.from(a.landmarks.buffer).equals(Buffer.from(b.landmarks.buffer))).toBe(true)
    expect(JSON.stringify(a.manifest)).toBe(JSON.stringify(b.manifest))
    const mods = new Set(a.manifest.degradations.map((d) => d.modality))
    expect(mods.has('video') && mods.has('audio')).toBe(true)
    expect(planSession({ ...spec, seconds: 8, degrade: false }).manifest.degradations).toEqual([])
  })

  it('rejects bad specs', () => {
    expect(() => planSession({ ...spec, width: 63 })).toThrow(AppError)
    expect(() => planSession({ ...spec, sessionId: '../x' })).toThrow(AppError)
    expect(() => planSession({ ...spec, fps: 0 })).toThrow(AppError)
  })
})

describe.skipIf(!HAVE_FFMPEG)('generateSession (ffmpeg)', () => {
  it('writes an MP4 whose video packet count equals frameCount, with audio', async () => {
    const dir = await tmp()
    const progress: number[] = []
    const r = await generateSession(spec, dir, { onProgress: (d, t) => progress.push(d / t) })
    expect(r.videoPath).toBe(join(dir, 'S01_T01.mp4'))
    expect(r.frameCount).toBe(25)
    expect(r.valence.length).toBe(25)
    expect(r.arousal.length).toBe(25)
    expect(r.landmarks.length).toBe(25 * 68 * 2)
    const c = probeCounts(r.videoPath)
    expect(c.video).toBe(r.frameCount)
    expect(c.audio).toBeGreaterThan(10)
    expect([c.width, c.height]).toEqual([64, 64])
    expect(progress.at(-1)).toBe(1)
    expect(r.manifest.frameCount).toBe(25)
  })

  it('abort kills ffmpeg and deletes the partial output', async () => {
    const dir = await tmp()
    const ac = new AbortController()
    const p = generateSession({ ...spec, sessionId: 'abort', seconds: 20, width: 128, height: 128 }, dir, {
      signal: ac.signal,
      onProgress: (done) => {
        if (done === 30) ac.abort()
      }
    })
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(existsSync(join(dir, 'abort.mp4'))).toBe(false)
    expect(await readdir(dir)).toEqual([])
  })

  it('an already-aborted signal writes nothing', async () => {
    const dir = await tmp()
    const ac = new AbortController()
    ac.abort()
    await expect(generateSession({ ...spec, sessionId: 'pre' }, dir, { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(existsSync(join(dir, 'pre.mp4'))).toBe(false)
  })
})

describe('video writer errors', () => {
  it('TOOL_MISSING when ffmpeg cannot be found', async () => {
    const env = { PATH: '/nonexistent' }
    await expect(openVideoWriter('/tmp/never.mp4', { width: 64, height: 64, fps: 25, env })).rejects.toMatchObject({ code: 'TOOL_MISSING' })
  })

  it.skipIf(!HAVE_FFMPEG)('JOB_FAILED when ffmpeg cannot write the output', async () => {
    const w = await openVideoWriter('/nonexistent-dir/x.mp4', { width: 64, height: 64, fps: 25 })
    const frame = new Uint8Array(64 * 64 * 3)
    const run = async (): Promise<void> => {
      for (let i = 0; i < 200; i++) await w.writeFrame(frame)
      await w.finish()
    }
    await expect(run()).rejects.toMatchObject({ code: 'JOB_FAILED' })
  })
})
