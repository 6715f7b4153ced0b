import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/ipc/errors'
import { frameReaderArgs, outputSize, readFrames, readImageRgb } from './frame-reader'
import { resolveTool } from './tools'

const ffmpeg = resolveTool('ffmpeg')
if (!ffmpeg) console.warn('SKIPPED frame-reader media tests: ffmpeg not found on PATH')

describe('frame-reader (pure)', () => {
  it('swaps sizes for 90-degree rotation and applies the max side', () => {
    expect(outputSize(640, 360, -90)).toEqual({ width: 360, height: 640 })
    expect(outputSize(640, 360, 180, 320)).toEqual({ width: 320, height: 180 })
    expect(outputSize(100, 50, 0, 400)).toEqual({ width: 100, height: 50 })
  })
  it('uses passthrough frame timing and rgb24 raw output', () => {
    const a = frameReaderArgs('in.mp4', { width: 8, height: 8 }, { startFrame: 3, maxFrames: 2 })
    expect(a.join(' ')).toContain('-fps_mode passthrough')
    expect(a.join(' ')).toContain('-f rawvideo -pix_fmt rgb24')
    expect(a.join(' ')).toContain('select=gte(n\\,3)')
    expect(a.join(' ')).toContain('-frames:v 2')
  })
})

describe.skipIf(!ffmpeg)('frame-reader with ffmpeg', () => {
  let dir = ''
  let video = ''
  let rotated = ''
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cpx-frames-'))
    video = path.join(dir, 'red.mp4')
    rotated = path.join(dir, 'rot.mp4')
    const run = (args: string[]): void => {
      const r = spawnSync(ffmpeg as string, ['-v', 'error', '-y', ...args])
      if (r.status !== 0) throw new Error(String(r.stderr))
    }
    run(['-f', 'lavfi', '-i', 'color=c=red:s=64x48:r=10:d=1', '-pix_fmt', 'yuv444p', '-c:v', 'libx264', '-qp', '0', video])
    run(['-i', video, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated])
  })

  it('streams every frame with index, size and RGB content', async () => {
    const frames = []
    for await (const f of readFrames(video)) frames.push(f)
    expect(frames.length).toBe(10)
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    const f = frames[3]
    expect([f.width, f.height, f.data.length]).toEqual([64, 48, 64 * 48 * 3])
    expect(f.data[0]).toBeGreaterThan(230)
    expect(f.data[1]).toBeLessThan(25)
  })
  it('honours a frame range and max side', async () => {
    const frames = []
    for await (const f of readFrames(video, { startFrame: 4, maxFrames: 3, maxSide: 32 })) frames.push(f)
    expect(frames.map((f) => f.index)).toEqual([4, 5, 6])
    expect([frames[0].width, frames[0].height]).toEqual([32, 24])
  })
  it('autorotates and reports the rotated size', async () => {
    const img = await readImageRgb(rotated)
    expect([img.width, img.height]).toEqual([48, 64])
    expect(img.data.length).toBe(48 * 64 * 3)
  })
  it('stops ffmpeg on abort with CANCELLED', async () => {
    const ac = new AbortController()
    const err = await (async () => {
      try {
        for await (const f of readFrames(video, { signal: ac.signal })) if (f.index === 1) ac.abort()
      } catch (e) {
        return e
      }
      return null
    })()
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('CANCELLED')
  })
  it('fails with MEDIA_UNREADABLE on a non-media file and TOOL_MISSING without ffmpeg', async () => {
    const bad = path.join(dir, 'bad.mp4')
    writeFileSync(bad, 'not a video')
    await expect(readImageRgb(bad)).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE' })
    await expect(readImageRgb(video, { env: { PATH: '' } })).rejects.toMatchObject({ code: 'TOOL_MISSING' })
  })
})
