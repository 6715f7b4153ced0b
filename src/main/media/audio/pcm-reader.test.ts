import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/ipc/errors'
import { resolveTool } from '../tools'
import { classifyFfmpegFailure, decodePcm, ffmpegPcmArgs, openPcmStream } from './pcm-reader'
import { computeSessionSpectrogram } from './session-spectrogram'
import { melFrequencies } from './mel-filterbank'

const ffmpeg = resolveTool('ffmpeg')
if (!ffmpeg) console.warn('[pcm-reader.test] ffmpeg not found (PATH or CIRCUMPLEX_FFMPEG): skipping the decoding tests')
const withFfmpeg = describe.skipIf(!ffmpeg)

let dir = ''
const file = (name: string): string => join(dir, name)
function make(args: string[]): void {
  execFileSync(ffmpeg as string, ['-hide_banner', '-v', 'error', '-y', ...args], { stdio: 'pipe' })
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`
  }
}

describe('pcm-reader without ffmpeg', () => {
  it('builds the documented command line', () => {
    expect(ffmpegPcmArgs('/x.mp4', 22_050, 0.5)).toEqual([
      '-nostdin', '-hide_banner', '-v', 'error', '-copyts', '-i', '/x.mp4', '-map', '0:a:0', '-vn',
      '-af', 'aresample=22050:first_pts=11025:rematrix_maxval=1,aformat=channel_layouts=mono', '-ac', '1', '-ar', '22050', '-f', 'f32le', 'pipe:1'
    ])
  })
  it('classifies ffmpeg failures', () => {
    expect(classifyFfmpegFailure('a.mp4', "Stream map '0:a:0' matches no streams.\nTo ignore this, add a trailing '?' to the map.", 1).code).toBe('MEDIA_NO_AUDIO')
    const e = classifyFfmpegFailure('b.mp4', '[mov @ 0x1] moov atom not found\nb.mp4: Invalid data found when processing input', 1)
    expect(e.code).toBe('MEDIA_UNREADABLE')
    expect(e.message).toMatch(/Invalid data found/)
  })
  it('answers TOOL_MISSING when ffmpeg cannot be resolved', async () => {
    const stream = openPcmStream('/nowhere.mp4', { sampleRate: 16_000, env: { PATH: '/nonexistent-dir' } })
    expect(await codeOf(decodeAll(stream))).toBe('TOOL_MISSING')
  })
  it('validates the rate', () => {
    expect(() => openPcmStream('/x', { sampleRate: 12.5 })).toThrow(/sample rate/)
  })
})

async function decodeAll(stream: AsyncIterable<Float32Array>): Promise<number> {
  let n = 0
  for await (const c of stream) n += c.length
  return n
}

withFfmpeg('pcm-reader with ffmpeg (files generated at test time)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cx-pcm-'))
    // 2 s, 1 kHz sine at 22 050 Hz in a WAV (lossless, no resampling) and 3 s of 25 fps video + 2 s of audio in an MP4.
    make(['-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=22050:duration=2', '-c:a', 'pcm_f32le', file('tone.wav')])
    make([
      '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=25:duration=3',
      '-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=22050:duration=2',
      '-c:v', 'mpeg4', '-c:a', 'aac', file('short-audio.mp4')
    ])
    // audio starting 0.5 s after the video
    make([
      '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=25:duration=2',
      '-itsoffset', '0.5', '-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=16000:duration=1',
      '-map', '0:v', '-map', '1:a', '-c:v', 'mpeg4', '-c:a', 'pcm_s16le', file('delayed.mkv')
    ])
    make(['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=25:duration=1', '-c:v', 'mpeg4', file('silent-video.mp4')])
    make(['-f', 'lavfi', '-i', 'aevalsrc=0.5|0.1:s=16000:d=0.5', '-c:a', 'pcm_f32le', file('stereo.wav')])
    writeFileSync(file('junk.mp4'), 'this is not a media file')
  })
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('decodes a 22 050 Hz WAV bit-exactly in length and content', async () => {
    const a = await decodePcm(file('tone.wav'), { sampleRate: 22_050 })
    expect(a.samples.length).toBe(44_100)
    expect(a.durationSec).toBeCloseTo(2, 9)
    // lavfi sine: amplitude 1/8, phase 0
    for (const i of [0, 1, 7, 1000, 44_099]) expect(a.samples[i]).toBeCloseTo(Math.sin((2 * Math.PI * 1000 * i) / 22_050) / 8, 4)
  })

  it('streams chunks, and decodes at 16 kHz too', async () => {
    const stream = openPcmStream(file('tone.wav'), { sampleRate: 16_000 })
    let chunks = 0
    for await (const c of stream) {
      expect(c).toBeInstanceOf(Float32Array)
      chunks++
    }
    expect(chunks).toBeGreaterThan(1)
    expect(stream.sampleCount).toBeGreaterThanOrEqual(31_990)
    expect(stream.sampleCount).toBeLessThanOrEqual(32_010)
    expect(stream.durationSec).toBeCloseTo(2, 2)
  })

  it('end to end: the mel peak of a 1 kHz tone is the band that contains 1 kHz', async () => {
    const { spectrogram: s, audioDurationSec } = await computeSessionSpectrogram(file('tone.wav'))
    expect(audioDurationSec).toBeCloseTo(2, 6)
    expect(s.frames).toBe(1 + Math.floor(44_100 / 512))
    const mid = Math.floor(s.frames / 2)
    let arg = 0
    for (let m = 1; m < 128; m++) if (s.data[mid * 128 + m] > s.data[mid * 128 + arg]) arg = m
    // Band m is centred at melFrequencies(130, 0, sr/2)[m + 1]; band 38's centre (1006 Hz) is the closest to 1 kHz.
    const centres = melFrequencies(130, 0, 11_025)
    expect(Math.abs(centres[arg + 1] - 1000)).toBeLessThan(15)
    expect(arg).toBe(38)
    expect(s.data[mid * 128 + arg]).toBeGreaterThan(-1)
  })

  it('down-mixes stereo to the channel mean, like librosa to_mono', async () => {
    const a = await decodePcm(file('stereo.wav'), { sampleRate: 16_000 })
    expect(a.samples.length).toBe(8000)
    expect(a.samples[100]).toBeCloseTo(0.3, 6)
  })

  it('reports audio shorter than the video', async () => {
    const a = await decodePcm(file('short-audio.mp4'), { sampleRate: 22_050 })
    expect(a.durationSec).toBeGreaterThan(1.9)
    expect(a.durationSec).toBeLessThan(2.2) // the video is 3 s
  })

  it('sample i is the audio at originSec + i / sr (late audio start is padded with zeros)', async () => {
    const a = await decodePcm(file('delayed.mkv'), { sampleRate: 16_000 })
    const firstLoud = a.samples.findIndex((v) => Math.abs(v) > 0.01)
    expect(firstLoud / 16_000).toBeGreaterThan(0.49)
    expect(firstLoud / 16_000).toBeLessThan(0.51)
    const shifted = await decodePcm(file('delayed.mkv'), { sampleRate: 16_000, originSec: 0.25 })
    const firstLoud2 = shifted.samples.findIndex((v) => Math.abs(v) > 0.01)
    expect(Math.abs(firstLoud2 / 16_000 - 0.25)).toBeLessThan(0.01)
  })

  it('answers MEDIA_NO_AUDIO, MEDIA_UNREADABLE and CANCELLED', async () => {
    const noAudio = decodePcm(file('silent-video.mp4'), { sampleRate: 22_050 })
    await expect(noAudio).rejects.toThrow(/has no audio stream/)
    expect(await codeOf(decodePcm(file('silent-video.mp4'), { sampleRate: 22_050 }))).toBe('MEDIA_NO_AUDIO')
    expect(await codeOf(decodePcm(file('junk.mp4'), { sampleRate: 22_050 }))).toBe('MEDIA_UNREADABLE')
    expect(await codeOf(decodePcm(file('missing.mp4'), { sampleRate: 22_050 }))).toBe('MEDIA_UNREADABLE')
    const ac = new AbortController()
    ac.abort()
    expect(await codeOf(decodePcm(file('tone.wav'), { sampleRate: 22_050, signal: ac.signal }))).toBe('CANCELLED')
  })

  it('aborting mid-stream kills ffmpeg and throws CANCELLED', async () => {
    const ac = new AbortController()
    const stream = openPcmStream(file('tone.wav'), { sampleRate: 22_050, signal: ac.signal })
    const run = (async () => {
      for await (const _ of stream) {
        ac.abort()
        await new Promise((r) => setTimeout(r, 20))
      }
    })()
    expect(await codeOf(run)).toBe('CANCELLED')
  })

  it('leaving the loop early is clean (ffmpeg is killed, no error)', async () => {
    const stream = openPcmStream(file('tone.wav'), { sampleRate: 22_050 })
    for await (const c of stream) {
      expect(c.length).toBeGreaterThan(0)
      break
    }
    expect(stream.sampleCount).toBeGreaterThan(0)
  })
})
