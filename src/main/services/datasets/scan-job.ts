/**
 * Job 'datasets:scan' (worker thread): optionally writes a folder from sessions, then reads every clip's labels in
 * the dataset's format (readClipLabels, exactly what training reads), checks each label file's length against the
 * video's frame count where that is cheap to know (the manifest's frameCount, else ffprobe's container frame count),
 * builds the summary and hashes the folder (the data hash a training run records). Progress: one step per clip read,
 * one per clip hashed (plus one per clip written). The result is stored on main by the datasets service.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import type { DatasetFormat, DatasetSummary } from '../../../shared/datasets'
import { AppError } from '../../../shared/ipc/errors'
import { readAffWild2VaTxt, readSewaCsv } from '../../datasets/formats'
import { LABEL_RANGE, readClipLabels, type ClipEntry } from '../../engine/data/dataset-dir'
import type { JobContext, JobHandler } from '../../jobs/protocol'
import { probeMedia } from '../../media/probe'
import { resolveTool } from '../../media/tools'
import { datasetHashStreamed } from './dataset-hash'
import { inspectFolder, labelFile } from './folder'
import { writeSessionsFolder, type SessionsFolderSpec } from './sessions-folder'
import { SummaryBuilder } from './summary'

export interface ScanJobArgs {
  readonly dir: string
  readonly format: DatasetFormat
  /** Write this folder from sessions first (the folder must not exist). */
  readonly write?: SessionsFolderSpec
}

export interface ScanJobResult {
  readonly summary: DatasetSummary
  readonly dataHash: string
}

function mismatch(clip: ClipEntry, labels: number, video: number, source: 'manifest' | 'ffprobe'): AppError {
  const how = source === 'manifest' ? "its frameCount in manifest.json" : 'ffprobe'
  return new AppError('LENGTH_MISMATCH', `${clip.clipId}: the labels (${clip.afewVa}) cover ${labels} frame(s) but the video has ${video} (${how})`)
}

/** Row-count checks of the sewa / aff-wild2 file against the AFEW-VA frame count (readClipLabels pads or drops silently). */
function checkFormatLength(clip: ClipEntry, format: DatasetFormat, frames: number, fps: number): void {
  if (format === 'aff-wild2') {
    const rows = readAffWild2VaTxt(readFileSync(clip.affWild2, 'utf8')).length
    if (rows !== frames) throw new AppError('LENGTH_MISMATCH', `${clip.affWild2}: ${rows} label line(s) but the clip has ${frames} frame(s)`)
  } else if (format === 'sewa') {
    const rows = readSewaCsv(readFileSync(clip.sewa, 'utf8')).length
    const expected = Math.ceil((frames / fps) * 10 - 1e-9)
    if (Math.abs(rows - expected) > 1) throw new AppError('LENGTH_MISMATCH', `${clip.sewa}: ${rows} row(s) of 0.1 s but the clip's ${frames} frame(s) at ${fps} fps need ${expected}`)
  }
}

/** The container's frame count of a clip's video (null when the container does not state it). */
async function probedFrames(clip: ClipEntry, signal: AbortSignal): Promise<number | null> {
  let streams
  try {
    streams = (await probeMedia(clip.video, process.env, signal)).streams
  } catch (e) {
    if (e instanceof AppError && e.code === 'MEDIA_UNREADABLE') throw new AppError('MEDIA_UNREADABLE', `${clip.clipId}: ${clip.video} is not a readable video (${e.message})`, { cause: e })
    throw e
  }
  const video = streams.find((s) => s.codec_type === 'video')
  if (!video) throw new AppError('MEDIA_NO_VIDEO', `${clip.clipId}: ${clip.video} has no video stream`)
  const n = Number(video.nb_frames)
  return Number.isInteger(n) && n > 0 ? n : null
}

/** Names the clip and its files in a reader's error; an unexpected failure while reading them becomes PARSE_ERROR. */
function readingClip<T>(clip: ClipEntry, format: DatasetFormat, fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    const files = [...new Set([clip.afewVa, labelFile(clip, format)])].join(' / ')
    if (e instanceof AppError && e.code !== 'PARSE_ERROR') throw e
    const what = e instanceof AppError ? e.message : `unreadable (${(e as Error).message})`
    throw new AppError('PARSE_ERROR', `${clip.clipId}: ${what} (in ${files})`, { cause: e })
  }
}

export async function scanDataset(args: ScanJobArgs, ctx: JobContext): Promise<ScanJobResult> {
  const extra = args.write ? args.write.clips.length : 0
  let wrote = false
  try {
    if (args.write) {
      writeSessionsFolder(args.write, ctx.signal, (done, total) => ctx.progress(done, total * 3))
      wrote = true
    }
    const { clips, frameCounts, fps } = inspectFolder(args.dir, args.format)
    const total = extra + 2 * clips.length
    const useManifest = Object.keys(frameCounts).length > 0
    const useProbe = !useManifest && resolveTool('ffprobe') !== null
    const range = LABEL_RANGE[args.format]
    const builder = new SummaryBuilder(range)
    let step = extra
    for (const clip of clips) {
      if (ctx.signal.aborted) throw new AppError('CANCELLED', 'the scan was cancelled')
      const labels = readingClip(clip, args.format, () => readClipLabels(clip, args.format))
      const n = labels.valence.length
      readingClip(clip, args.format, () => checkFormatLength(clip, args.format, n, clip.fps))
      const expected = useManifest ? frameCounts[clip.clipId] : useProbe ? await probedFrames(clip, ctx.signal) : undefined
      if (expected !== undefined && expected !== null && expected !== n) throw mismatch(clip, n, expected, useManifest ? 'manifest' : 'ffprobe')
      builder.add({ clipId: clip.clipId, subjectId: clip.subjectId, valence: labels.valence, arousal: labels.arousal, landmarks: labels.landmarks })
      ctx.progress(++step, total)
    }
    const summary = builder.finish({ fps, frameCheck: useManifest ? 'manifest' : useProbe ? 'ffprobe' : 'none' })
    if (summary.labelled === 0) throw new AppError('INVALID_ARGUMENT', `${args.dir}: no labels: none of the ${clips.length} clip(s) has a labelled frame in the ${args.format} files`)
    const dataHash = await datasetHashStreamed(clips, args.format, { signal: ctx.signal, onClip: () => ctx.progress(++step, total) })
    return { summary, dataHash }
  } catch (e) {
    if (wrote && existsSync(args.dir)) rmSync(args.dir, { recursive: true, force: true })
    throw e
  }
}

export const datasetScanJob: JobHandler = (args, ctx) => scanDataset(args as ScanJobArgs, ctx)
