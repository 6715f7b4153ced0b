import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, renameSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { HAVE_FFMPEG, FFMPEG } from '../../datasets/synth/test-ffmpeg'
import { openDatabase } from '../../db/connection'
import { insertSession, insertVideo } from '../../db/queries/sessions'
import { hashFile } from '../../media/content-hash'
import { readFrames } from '../../media/frame-reader'
import { inspectMedia } from '../../media/inspect'
import type { AppContext } from '../app-context'
import { relinkVideo } from './relink'
import { reviewService } from './review-service'
import { frameThumbs } from './thumbs'

const dir = mkdtempSync(join(tmpdir(), 'cx-thumbs-'))
const video = join(dir, 'clip.mp4')
const other = join(dir, 'other.mp4')

describe.skipIf(!HAVE_FFMPEG)('frame thumbnails and relinking a moved video', () => {
  const { db } = openDatabase(':memory:')
  const ctx = { db, env: process.env } as unknown as AppContext
  let sessionId = ''
  let hashed = ''

  beforeAll(async () => {
    const enc = (out: string, secs: number) =>
      spawnSync(FFMPEG!, ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=96x64:rate=25`, '-t', String(secs), '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '2', '-g', '12', '-pix_fmt', 'yuv420p', out])
    expect(enc(video, 4).status).toBe(0)
    expect(enc(other, 3).status).toBe(0)
    const facts = await inspectMedia(video)
    sessionId = insertSession(db, { name: 'clip' })
    insertVideo(db, sessionId, { ...facts.video, path: video, hasAudio: false, audioSampleRate: null, audioChannels: null, contentHash: await hashFile(video), probe: {}, timestamps: facts.video.timestamps })
    hashed = insertSession(db, { name: 'no-hash' })
    insertVideo(db, hashed, { ...facts.video, path: video, hasAudio: false, audioSampleRate: null, audioChannels: null, contentHash: null, probe: {}, timestamps: facts.video.timestamps })
  })

  it('returns exactly the frames asked for (accurate seek = decode from the start), as PNGs', async () => {
    const t = await frameThumbs(ctx, sessionId, 37, 3, 48)
    expect(t).toMatchObject({ fromFrame: 37, width: 48, height: 32 })
    expect(t.pngs).toHaveLength(3)
    const ref: Uint8Array[] = []
    for await (const f of readFrames(video, { maxSide: 48, startFrame: 37, maxFrames: 3 })) ref.push(f.data)
    const { decodePngRgbForTest } = await import('./png-test-decode')
    t.pngs.forEach((b64, i) => expect(Buffer.from(decodePngRgbForTest(Buffer.from(b64, 'base64'))).equals(Buffer.from(ref[i]))).toBe(true))
    // Clamped at the end of the video; refused past it.
    expect((await frameThumbs(ctx, sessionId, 98, 10, 32)).pngs).toHaveLength(2)
    await expect(frameThumbs(ctx, sessionId, 100, 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })

  it('reports a vanished file and relinks only to the same video', async () => {
    const r = reviewService(ctx)
    expect(r.facts(sessionId).videoFileFound).toBe(true)
    const moved = join(dir, 'moved.mp4')
    renameSync(video, moved)
    expect(r.facts(sessionId).videoFileFound).toBe(false)
    await expect(relinkVideo(ctx, sessionId, other)).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(relinkVideo(ctx, sessionId, 'moved.mp4')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(relinkVideo(ctx, sessionId, join(dir, 'nothing.mp4'))).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(r.videoPath(sessionId)).toBe(video) // refusals change nothing
    await relinkVideo(ctx, sessionId, moved)
    expect(r.videoPath(sessionId)).toBe(moved)
    expect(r.facts(sessionId).videoFileFound).toBe(true)
    // Without a stored hash: same duration is accepted, a different one refused.
    const copy = join(dir, 'copy.mp4')
    copyFileSync(moved, copy)
    await expect(relinkVideo(ctx, hashed, other)).rejects.toMatchObject({ code: 'CONFLICT' })
    await relinkVideo(ctx, hashed, copy)
    expect(r.videoPath(hashed)).toBe(copy)
  })
})
