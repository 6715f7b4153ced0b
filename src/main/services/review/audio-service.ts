import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { AudioPeaks, SpectrogramRange } from '../../../shared/review'
import { AppError } from '../../../shared/ipc/errors'
import { getSession } from '../../db/queries/sessions'
import { getSpectrogramRow, getVideoFile } from '../../db/queries/review'
import { melParamsFromStored, type MelSpectrogram } from '../../media/audio/mel-params'
import { openPcmStream } from '../../media/audio/pcm-reader'
import { readSpectrogramCache } from '../../media/audio/spectrogram-cache'
import type { AppContext } from '../app-context'
import { PeaksBuilder, aggregatePeaks, decodePeaks, encodePeaks, peaksDuration, quantiseDb, type BasePeaks } from './audio-peaks'

/** Peaks are decoded at 8 kHz in buckets of 20 samples: 400 min/max pairs per second (1 h ≈ 11.5 MB cached). */
export const PEAKS_SAMPLE_RATE = 8000
export const PEAKS_BUCKET_SAMPLES = 20
/** Largest spectrogram range one call returns (≈ 6 min at hop 512 / 22 050 Hz; 2 MB before base64). */
export const MAX_SPECTROGRAM_COLUMNS = 16_384

const b64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')

/** Small LRU of decoded per-session data (a 1-hour spectrogram is ~80 MB of float32). */
class Lru<V> {
  private map = new Map<string, V>()
  constructor(private readonly size: number) {}
  get(k: string): V | undefined {
    const v = this.map.get(k)
    if (v !== undefined) {
      this.map.delete(k)
      this.map.set(k, v)
    }
    return v
  }
  set(k: string, v: V): void {
    this.map.delete(k)
    this.map.set(k, v)
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string)
  }
}

/** Spectrogram ranges and waveform peaks of a session, read from the cache (never recomputed on this thread). */
export function audioService(ctx: AppContext) {
  const spectrograms = new Lru<Promise<MelSpectrogram | null>>(2)
  const peaks = new Lru<Promise<BasePeaks | null>>(4)

  const requireVideo = (sessionId: string) => {
    if (!getSession(ctx.db, sessionId)) throw new AppError('NOT_FOUND', `no session ${sessionId}`)
    return getVideoFile(ctx.db, sessionId)
  }

  function loadSpectrogram(sessionId: string): Promise<MelSpectrogram | null> {
    const row = getSpectrogramRow(ctx.db, sessionId)
    if (!row) return Promise.resolve(null)
    const key = `${sessionId}:${row.cacheKey}`
    let p = spectrograms.get(key)
    if (!p) {
      p = readSpectrogramCache(ctx.layout.cacheDir, row.cacheKey, melParamsFromStored(row)).catch((e: unknown) => {
        spectrograms.set(key, Promise.resolve(null))
        throw e
      })
      spectrograms.set(key, p)
    }
    return p
  }

  async function spectrogram(sessionId: string, fromColumn?: number, toColumn?: number): Promise<SpectrogramRange | null> {
    const video = requireVideo(sessionId)
    if (!video?.hasAudio) return null
    const spec = await loadSpectrogram(sessionId)
    if (!spec) return null
    const total = spec.frames
    const from = Math.min(fromColumn ?? 0, total)
    const to = Math.min(toColumn ?? total, total, from + MAX_SPECTROGRAM_COLUMNS)
    const n = spec.params.nMels
    const slice = spec.data.subarray(from * n, to * n)
    return {
      sessionId,
      nMels: n,
      hop: spec.params.hopLength,
      sampleRate: spec.params.sampleRate,
      nFft: spec.params.nFft,
      topDb: spec.params.topDb,
      originSec: spec.originSec,
      totalColumns: total,
      fromColumn: from,
      columns: to - from,
      minDb: spec.minDb,
      maxDb: spec.maxDb,
      data: b64(quantiseDb(slice, spec.minDb, spec.maxDb))
    }
  }

  async function computeBasePeaks(sessionId: string, path: string, originSec: number, cacheKey: string): Promise<BasePeaks> {
    const file = join(ctx.layout.cacheDir, 'peaks', `${cacheKey.replace(/[^A-Za-z0-9_-]/g, '_')}.cxpk`)
    const cached = await readFile(file).then(decodePeaks, () => null)
    if (cached) return cached
    const builder = new PeaksBuilder(PEAKS_SAMPLE_RATE, PEAKS_BUCKET_SAMPLES, originSec)
    // ffmpeg decodes in its own process; this loop only folds 16 k-sample chunks into min/max.
    for await (const chunk of openPcmStream(path, { sampleRate: PEAKS_SAMPLE_RATE, originSec, env: ctx.env })) builder.push(chunk)
    const result = builder.finish()
    await mkdir(join(ctx.layout.cacheDir, 'peaks'), { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    await writeFile(tmp, encodePeaks(result))
    await rename(tmp, file)
    void sessionId
    return result
  }

  function loadPeaks(sessionId: string): Promise<BasePeaks | null> {
    const video = requireVideo(sessionId)
    if (!video?.hasAudio) return Promise.resolve(null)
    const row = getSpectrogramRow(ctx.db, sessionId)
    const originSec = typeof row?.params.originSec === 'number' ? row.params.originSec : 0
    const cacheKey = `${video.contentHash ?? video.videoId}-${PEAKS_SAMPLE_RATE}-${PEAKS_BUCKET_SAMPLES}-${originSec}`
    let p = peaks.get(cacheKey)
    if (!p) {
      p = computeBasePeaks(sessionId, video.path, originSec, cacheKey).catch((e: unknown) => {
        peaks.set(cacheKey, Promise.resolve(null))
        if (e instanceof AppError && e.code === 'MEDIA_NO_AUDIO') return null
        throw e
      })
      peaks.set(cacheKey, p)
    }
    return p
  }

  async function audioPeaks(sessionId: string, buckets: number, fromS?: number, toS?: number): Promise<AudioPeaks | null> {
    const base = await loadPeaks(sessionId)
    if (!base) return null
    const durationS = peaksDuration(base)
    const from = fromS ?? base.originSec
    const to = toS ?? base.originSec + durationS
    const { min, max } = aggregatePeaks(base, from, to, buckets)
    return { sessionId, fromS: from, toS: to, durationS, buckets, min: b64(min), max: b64(max) }
  }

  return { spectrogram, peaks: audioPeaks, loadSpectrogram }
}
