import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { resolveTool } from './tools'
import { HAVE_FFMPEG, makeCorpus, type Corpus } from './fixtures/bad-media-corpus'
import { inspectMedia, irregularSpacing } from './inspect'

describe('irregularSpacing', () => {
  it('is zero for a constant rate and counts the odd intervals', () => {
    expect(irregularSpacing(Float64Array.from({ length: 50 }, (_, i) => i / 25))).toBe(0)
    expect(irregularSpacing(Float64Array.from({ length: 50 }, (_, i) => (i * 1001) / 30000))).toBe(0)
    const ts = Float64Array.from({ length: 20 }, (_, i) => (i < 10 ? i / 25 : (10 + 2 * (i - 10)) / 25))
    expect(irregularSpacing(ts)).toBeGreaterThan(0)
  })
})

describe.skipIf(!HAVE_FFMPEG)('inspectMedia (ffmpeg-generated corpus)', () => {
  let c: Corpus
  beforeAll(() => {
    c = makeCorpus()
  })

  it('reads a B-frame H.264 clip: one timestamp per packet, in presentation order, audio facts', async () => {
    const m = await inspectMedia(c.good)
    expect(m.video.frameCount).toBe(50)
    expect(m.video.timestamps[0]).toBe(0)
    expect(m.video.timestamps[49]).toBeCloseTo(49 / 25, 6)
    for (let i = 1; i < 50; i++) expect(m.video.timestamps[i]).toBeGreaterThan(m.video.timestamps[i - 1])
    expect(m.video.isVfr).toBe(false)
    expect(m.video.fps).toBeCloseTo(25, 6)
    expect(m.audio).toMatchObject({ codec: 'aac', sampleRate: 22050, channels: 1 })
  })

  it('keeps real timestamps for variable frame rate and 29.97 fps', async () => {
    const v = await inspectMedia(c.vfr)
    expect(v.video.isVfr).toBe(true)
    expect(v.video.timestamps[9]).toBeCloseTo(9 / 25, 3)
    expect(v.video.timestamps[10]).toBeCloseTo(10 / 25, 3)
    expect(v.video.timestamps[11]).toBeCloseTo(12 / 25, 3)
    const n = await inspectMedia(c.ntsc)
    expect(n.video.isVfr).toBe(false)
    expect(n.video.fps).toBeCloseTo(30000 / 1001, 3)
  })

  it('reports rotation and the upright display size', async () => {
    const m = await inspectMedia(c.rotated)
    expect([90, 270]).toContain(m.video.rotation)
    expect([m.video.displayWidth, m.video.displayHeight]).toEqual([64, 96])
  })

  it('reports no audio as null and audio shorter than video as a mismatch', async () => {
    expect((await inspectMedia(c.noAudio)).audio).toBeNull()
    const m = await inspectMedia(c.audioShorter)
    expect(m.durationMismatchS).toBeGreaterThan(0.8)
    expect(m.warnings.join(' ')).toMatch(/audio lasts/)
  })

  it('refuses bad inputs with clear codes', async () => {
    await expect(inspectMedia(c.zeroByte)).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE', message: expect.stringMatching(/empty/) })
    await expect(inspectMedia(c.missing)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(inspectMedia(c.audioOnly)).rejects.toMatchObject({ code: 'MEDIA_NO_VIDEO' })
    await expect(inspectMedia(c.corrupt)).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' })
    await expect(inspectMedia(c.textAsVideo)).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' })
    await expect(inspectMedia(c.truncated)).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' })
    await expect(inspectMedia(c.dir)).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' })
  })
})

const SHARED = resolve('..', 'shared', 'data', 'video')
describe.skipIf(!HAVE_FFMPEG || !existsSync(SHARED))('inspectMedia on the shared videos', () => {
  const packets = (file: string) =>
    Number(
      spawnSync(
        resolveTool('ffprobe') as string,
        ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', file],
        { encoding: 'utf8' }
      ).stdout.trim()
    )
  it.each(['WDA_KatieHill_000.mp4', 'WDA_AlexandriaOcasioCortez_000.mp4', 'WolfgangLanger_Pexels.mp4', 'face_noface.mov', 'single_face.mp4'])(
    '%s: one timestamp per video packet',
    async (name) => {
      const file = join(SHARED, name)
      const m = await inspectMedia(file)
      expect(m.video.frameCount).toBe(packets(file))
      if (name.startsWith('Wolfgang')) expect(m.video.fps).toBeCloseTo(24000 / 1001, 2)
    }
  )
})
