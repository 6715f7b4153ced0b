import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../db/connection'
import { insertFaceTrack } from '../../db/queries/faces'
import { insertSession, insertVideo } from '../../db/queries/sessions'
import { insertTrace } from '../../db/queries/traces'
import { layoutOf } from '../../data-dir'
import { DEFAULT_MEL_PARAMS } from '../../media/audio/mel-params'
import { spectrogramCacheKey, writeSpectrogramCache } from '../../media/audio/spectrogram-cache'
import { resolveTool } from '../../media/tools'
import type { AppContext } from '../app-context'
import { createDispatcher } from '../../ipc/dispatch'
import { createHandlers } from '../../ipc/handlers'
import { audioService } from './audio-service'
import { reviewService } from './review-service'

const FRAMES = 50

function f32(b64: string): Float32Array {
  const b = Buffer.from(b64, 'base64')
  const copy = new Uint8Array(b.byteLength)
  copy.set(b)
  return new Float32Array(copy.buffer)
}

/** A 16-bit mono WAV of a 440 Hz tone whose amplitude ramps 0 → 1 over `seconds`. */
function writeRampWav(path: string, seconds: number, sr = 8000): void {
  const n = Math.round(seconds * sr)
  const buf = Buffer.alloc(44 + 2 * n)
  buf.write('RIFF', 0, 'ascii')
  buf.writeUInt32LE(36 + 2 * n, 4)
  buf.write('WAVEfmt ', 8, 'ascii')
  buf.writeUInt32LE(16, 16)
  buf.writeUInt16LE(1, 20)
  buf.writeUInt16LE(1, 22)
  buf.writeUInt32LE(sr, 24)
  buf.writeUInt32LE(sr * 2, 28)
  buf.writeUInt16LE(2, 32)
  buf.writeUInt16LE(16, 34)
  buf.write('data', 36, 'ascii')
  buf.writeUInt32LE(2 * n, 40)
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.round(32000 * (i / n) * Math.sin((2 * Math.PI * 440 * i) / sr)), 44 + 2 * i)
  writeFileSync(path, buf)
}

describe('review services', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cx-review-'))
  const layout = layoutOf(dir)
  const opened = openDatabase(join(dir, 'db.sqlite'))
  const ctx = { db: opened.db, layout, env: process.env } as unknown as AppContext
  let sessionId = ''
  let silentId = ''
  const wav = join(dir, 'tone.wav')
  const timestamps = Float64Array.from({ length: FRAMES }, (_, i) => i * 0.04 + (i > 25 ? 0.005 : 0))

  beforeAll(async () => {
    writeRampWav(wav, 2)
    sessionId = insertSession(opened.db, { name: 'faces' })
    const videoId = insertVideo(opened.db, sessionId, {
      path: wav,
      contentHash: 'abc123',
      width: 320,
      height: 240,
      fps: 25,
      frameCount: FRAMES,
      durationS: 2,
      isVfr: true,
      hasAudio: true,
      audioSampleRate: 8000,
      audioChannels: 1,
      rotation: 0,
      probe: {},
      timestamps
    })
    const landmarks = new Float32Array(FRAMES * 136).map((_, i) => i)
    const confidence = new Float32Array(FRAMES).fill(0.9)
    for (let f = 10; f < 15; f++) {
      confidence[f] = NaN
      landmarks.fill(NaN, f * 136, (f + 1) * 136)
    }
    insertFaceTrack(opened.db, videoId, { track: 'main', detector: 'test', frameCount: FRAMES, landmarks, boxes: new Float32Array(FRAMES * 4).fill(5), confidence })
    // A tiny spectrogram: 10 columns × 4 mels, values ramping over [-80, 0] dB.
    const params = { ...DEFAULT_MEL_PARAMS, nMels: 4 }
    const data = Float32Array.from({ length: 40 }, (_, i) => -80 + (80 * i) / 39)
    const key = spectrogramCacheKey('abc123', params)
    await writeSpectrogramCache(layout.cacheDir, key, { params, frames: 10, data, maxDb: 0, minDb: -80, originSec: 0 })
    opened.db
      .prepare('INSERT INTO spectrograms (video_id, cache_key, sample_rate, hop, n_mels, columns, params_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(videoId, key, params.sampleRate, params.hopLength, 4, 10, JSON.stringify({ ...params, originSec: 0 }), 'now')
    insertTrace(opened.db, { sessionId, kind: 'prediction', sourceType: 'model_run', name: 'run' }, { valence: [0.1], arousal: [0.2] })
    silentId = insertSession(opened.db, { name: 'no audio' })
    insertVideo(opened.db, silentId, {
      path: join(dir, 'none.mp4'),
      contentHash: null,
      width: 10,
      height: 10,
      fps: 25,
      frameCount: 3,
      durationS: 0.12,
      isVfr: false,
      hasAudio: false,
      audioSampleRate: null,
      audioChannels: null,
      rotation: 0,
      probe: {},
      timestamps: Float64Array.of(0, 0.04, 0.08)
    })
  })
  afterAll(() => opened.db.close())

  it('sessions:timestamps round-trips the real (VFR) timestamps as float64', () => {
    const r = reviewService(ctx).timestamps(sessionId)
    const b = Buffer.from(r.timestamps, 'base64')
    const ts = new Float64Array(new Uint8Array(b).buffer)
    expect(r.frameCount).toBe(FRAMES)
    expect(Array.from(ts)).toEqual(Array.from(timestamps))
  })

  it('faces:get returns exactly the requested frames, with NaN gaps kept and the range clamped', () => {
    const r = reviewService(ctx).faces(sessionId, 9, 11)
    expect(r).not.toBeNull()
    const lm = f32(r!.landmarks)
    expect(lm.length).toBe(3 * 136)
    expect(lm[0]).toBe(9 * 136)
    expect(Number.isNaN(lm[136])).toBe(true)
    const conf = f32(r!.confidence)
    expect(conf[0]).toBeCloseTo(0.9)
    expect(Number.isNaN(conf[1])).toBe(true)
    expect(f32(r!.boxes).length).toBe(12)
    const tail = reviewService(ctx).faces(sessionId, 45, 500)
    expect(tail!.toFrame).toBe(FRAMES - 1)
    expect(f32(tail!.confidence).length).toBe(5)
    expect(reviewService(ctx).faces(silentId, 0, 2)).toBeNull()
    expect(() => reviewService(ctx).faces('nope', 0, 2)).toThrow(/no session/)
  })

  it('sessions:facts reports coverage, spectrogram and model runs (no attention yet)', () => {
    const f = reviewService(ctx).facts(sessionId)
    expect(f.faces).toEqual({ track: 'main', detector: 'test', frameCount: FRAMES, framesWithFace: FRAMES - 5 })
    expect(f.spectrogram).toMatchObject({ columns: 10, nMels: 4 })
    expect(f.modelRuns).toBe(1)
    expect(f.attentionRuns).toBe(0)
    expect(reviewService(ctx).facts(silentId).faces).toBeNull()
  })

  it('audio:spectrogram quantises a column range of the cached spectrogram to uint8', async () => {
    const all = await audioService(ctx).spectrogram(sessionId)
    expect(all).toMatchObject({ nMels: 4, totalColumns: 10, fromColumn: 0, columns: 10, minDb: -80, maxDb: 0 })
    const bytes = Buffer.from(all!.data, 'base64')
    expect(bytes.length).toBe(40)
    expect(bytes[0]).toBe(0)
    expect(bytes[39]).toBe(255)
    const part = await audioService(ctx).spectrogram(sessionId, 2, 4)
    expect(part!.columns).toBe(2)
    expect(Buffer.from(part!.data, 'base64')).toEqual(bytes.subarray(8, 16))
    expect(await audioService(ctx).spectrogram(silentId)).toBeNull()
  })

  it.skipIf(!resolveTool('ffmpeg', process.env))('audio:peaks decodes once with ffmpeg, caches, and aggregates a range', async () => {
    const svc = audioService(ctx)
    const whole = await svc.peaks(sessionId, 4)
    expect(whole!.durationS).toBeCloseTo(2, 2)
    const max = f32(whole!.max)
    // The ramp: each quarter louder than the one before.
    expect(max[0]).toBeLessThan(max[1])
    expect(max[2]).toBeLessThan(max[3])
    expect(max[3]).toBeGreaterThan(0.9)
    const part = await svc.peaks(sessionId, 2, 1.5, 2.5)
    const pm = f32(part!.max)
    expect(pm[0]).toBeGreaterThan(0.7)
    expect(Number.isNaN(pm[1])).toBe(true) // past the end of the audio
    // A fresh service reads the cache file instead of decoding again.
    const again = await audioService(ctx).peaks(sessionId, 4)
    expect(again!.max).toBe(whole!.max)
    expect(await svc.peaks(silentId, 10)).toBeNull()
  })

  it('the channels validate their arguments before a service runs', async () => {
    const dispatch = createDispatcher(createHandlers(ctx), { error: () => undefined })
    expect(await dispatch('faces:get', { sessionId, fromFrame: 5, toFrame: 2 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await dispatch('faces:get', { sessionId, fromFrame: 0, toFrame: 50_000 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await dispatch('audio:peaks', { sessionId, buckets: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await dispatch('audio:spectrogram', { sessionId: '../x' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(await dispatch('sessions:timestamps', { sessionId: 'missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await dispatch('faces:get', { sessionId, fromFrame: 0, toFrame: 1 })).toMatchObject({ ok: true })
  })
})
