import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HAVE_FFMPEG, makeCorpus } from './fixtures/bad-media-corpus'
import { readFrames } from './frame-reader'
import { inspectMedia } from './inspect'

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').slice(0, 16)

async function collect(path: string, opts: Parameters<typeof readFrames>[1]): Promise<string[]> {
  const out: string[] = []
  for await (const f of readFrames(path, opts)) out.push(`${f.index}:${sha(f.data)}`)
  return out
}

describe.skipIf(!HAVE_FFMPEG)('seeking a frame range by timestamp is frame-exact', () => {
  it.each(['good', 'vfr', 'ntsc'] as const)('%s: seek gives the same frames as decode-and-drop', async (name) => {
    const path = makeCorpus()[name]
    const m = await inspectMedia(path)
    for (const start of [1, 7, 11, Math.floor(m.video.frameCount / 2), m.video.frameCount - 3]) {
      const startTimes = { frame: m.video.timestamps[start], previous: m.video.timestamps[start - 1], streamStart: m.video.seekBaseS }
      const dropped = await collect(path, { startFrame: start, maxFrames: 3 })
      const seeked = await collect(path, { startFrame: start, maxFrames: 3, startTimes })
      expect(seeked, `${name} from ${start}`).toEqual(dropped)
    }
  })
})

const SHARED = resolve('..', 'shared', 'data', 'video')
describe.skipIf(!HAVE_FFMPEG || !existsSync(SHARED))('seeking on the shared videos', () => {
  it.each(['face_noface.mov', 'WolfgangLanger_Pexels.mp4'])('%s: seek gives the same frames as decode-and-drop', async (name) => {
    const path = join(SHARED, name)
    const m = await inspectMedia(path)
    for (const start of [Math.floor(m.video.frameCount / 3), m.video.frameCount - 2]) {
      const startTimes = { frame: m.video.timestamps[start], previous: m.video.timestamps[start - 1], streamStart: m.video.seekBaseS }
      expect(await collect(path, { startFrame: start, maxFrames: 2, maxSide: 160, startTimes }), `${name} from ${start}`).toEqual(
        await collect(path, { startFrame: start, maxFrames: 2, maxSide: 160 })
      )
    }
  }, 60_000)
})
