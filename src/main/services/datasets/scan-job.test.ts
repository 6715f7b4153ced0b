import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateDataset } from '../../datasets/synth/generate-dataset'
import { HAVE_FFMPEG } from '../../datasets/synth/test-ffmpeg'
import type { JobContext } from '../../jobs/protocol'
import { scanDataset } from './scan-job'
import { tempDir, tinyDataset } from './test-fixtures'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
const job = (): JobContext & { steps: number[] } => {
  const steps: number[] = []
  return { signal: new AbortController().signal, progress: (d) => steps.push(d), steps }
}

/** Drops the last frame of a clip's AFEW-VA file (labels one frame shorter than the video). */
function dropLastFrame(path: string): void {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { frames: Record<string, unknown> }
  const keys = Object.keys(doc.frames).sort()
  delete doc.frames[keys[keys.length - 1]]
  writeFileSync(path, JSON.stringify(doc))
}

describe('scan job: a folder described by subjects.json only (no manifest frame counts)', () => {
  it('reports that lengths could not be checked when ffprobe is not available', async () => {
    const dir = await tinyDataset({ subjects: 2, frames: 4 })
    dirs.push(dir)
    rmSync(join(dir, 'manifest.json'))
    const path = process.env.PATH
    const probe = process.env.CIRCUMPLEX_FFPROBE
    process.env.PATH = ''
    delete process.env.CIRCUMPLEX_FFPROBE
    try {
      const ctx = job()
      const r = await scanDataset({ dir, format: 'afew-va' }, ctx)
      expect(r.summary.frameCheck).toBe('none')
      expect(r.summary.fps).toBe(25)
      expect(r.summary.subjects.map((s) => s.subjectId)).toEqual(['S01', 'S02'])
      expect(ctx.steps).toEqual([1, 2, 3, 4])
    } finally {
      process.env.PATH = path
      if (probe !== undefined) process.env.CIRCUMPLEX_FFPROBE = probe
    }
  })

  it.skipIf(!HAVE_FFMPEG)('checks label lengths with ffprobe and refuses unreadable videos', async () => {
    const dir = join(tempDir('cx-ds-probe-'), 'real')
    dirs.push(dir)
    await generateDataset({ seed: 2, subjects: 1, sessionsPerSubject: 1, seconds: 0.5, fps: 10, width: 64, height: 64, degrade: false }, dir)
    rmSync(join(dir, 'manifest.json'))
    const ok = await scanDataset({ dir, format: 'afew-va' }, job())
    expect(ok.summary.frameCheck).toBe('ffprobe')
    expect(ok.summary.frames).toBe(5)
    dropLastFrame(join(dir, 'afew-va', 'S01_T01', 'S01_T01.json'))
    await expect(scanDataset({ dir, format: 'afew-va' }, job())).rejects.toMatchObject({
      code: 'LENGTH_MISMATCH',
      message: expect.stringMatching(/S01_T01: the labels .* cover 4 frame\(s\) but the video has 5 \(ffprobe\)/)
    })
    writeFileSync(join(dir, 'videos', 'S01_T01.mp4'), 'not a video')
    await expect(scanDataset({ dir, format: 'afew-va' }, job())).rejects.toMatchObject({ code: 'MEDIA_UNREADABLE', message: expect.stringMatching(/^S01_T01: .*S01_T01.mp4 is not a readable video/) })
  })
})
