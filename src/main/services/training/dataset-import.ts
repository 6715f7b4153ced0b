/**
 * Imports a dataset folder's clips (circumplex synth layout, dataset-dir.ts) as sessions for inference and analysis:
 * each clip's video through the ordinary import job (timestamps, audio facts, the session spectrogram) WITHOUT face
 * tracking, and in the same transaction the clip's KNOWN landmarks (from its AFEW-VA file) as the 'main' face track
 * (detector 'dataset-landmarks': the crops are then exactly the ones the stage-1 models were trained on) and its
 * labels as a gold trace (kind 'gold', source 'synthetic', values / labelRange on [−1, 1]; meta names the dataset,
 * clip, subject and format, which `circumplex analyze` uses to find the manifest's degraded segments).
 */
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { insertFaceTrack } from '../../db/queries/faces'
import { insertTrace } from '../../db/queries/traces'
import { LABEL_RANGE, listClips, readClipLabels, type ClipEntry, type LabelFormat } from '../../engine/data/dataset-dir'
import type { AppContext } from '../app-context'
import { importService } from '../import/import-service'

export interface DatasetGoldMeta {
  readonly dataset: string
  readonly clipId: string
  readonly subjectId: string
  readonly format: LabelFormat
  readonly labelRange: number
}

/** The clips of `dir` whose subject (or clip id) is listed; all when both lists are empty. */
export function selectClips(dir: string, subjects: readonly string[], clipIds: readonly string[]): ClipEntry[] {
  const clips = listClips(dir)
  const known = new Set(clips.map((c) => c.subjectId))
  for (const s of subjects) if (!known.has(s)) throw new AppError('INVALID_ARGUMENT', `subject '${s}' is not in ${dir} (subjects: ${[...known].join(', ')})`)
  const ids = new Set(clips.map((c) => c.clipId))
  for (const c of clipIds) if (!ids.has(c)) throw new AppError('INVALID_ARGUMENT', `clip '${c}' is not in ${dir}`)
  if (subjects.length === 0 && clipIds.length === 0) return clips
  return clips.filter((c) => subjects.includes(c.subjectId) || clipIds.includes(c.clipId))
}

export function datasetImportService(ctx: AppContext) {
  /** Starts the import of one clip; `onStored` gets the new session id. */
  function start(dir: string, clip: ClipEntry, format: LabelFormat, opts: { spectrogram?: boolean; onStored?: (sessionId: string) => void } = {}): JobInfo {
    const labels = readClipLabels(clip, format)
    const frames = labels.valence.length
    const L = LABEL_RANGE[format]
    const meta: DatasetGoldMeta = { dataset: dir, clipId: clip.clipId, subjectId: clip.subjectId, format, labelRange: L }
    return importService(ctx).start(clip.video, {
      name: clip.clipId,
      faces: false,
      spectrogram: opts.spectrogram ?? true,
      within: (sessionId) => {
        const v = ctx.db.prepare('SELECT id, frame_count AS frames FROM videos WHERE session_id = ?').get(sessionId) as { id: string; frames: number } | undefined
        if (!v) throw new AppError('INTERNAL', `session ${sessionId} has no video row`)
        if (v.frames !== frames) throw new AppError('LENGTH_MISMATCH', `${clip.clipId}: the video has ${v.frames} frames but its label file ${frames}`)
        const boxes = new Float32Array(frames * 4).fill(NaN)
        const confidence = new Float32Array(frames).fill(NaN)
        for (let f = 0; f < frames; f++) {
          const pts = labels.landmarks.subarray(f * 136, (f + 1) * 136)
          if (!pts.every(Number.isFinite)) continue
          let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity
          for (let k = 0; k < 136; k += 2) {
            x0 = Math.min(x0, pts[k])
            x1 = Math.max(x1, pts[k])
            y0 = Math.min(y0, pts[k + 1])
            y1 = Math.max(y1, pts[k + 1])
          }
          boxes.set([x0, y0, x1 - x0, y1 - y0], f * 4)
          confidence[f] = 1
        }
        insertFaceTrack(ctx.db, v.id, { track: 'main', detector: 'dataset-landmarks', frameCount: frames, landmarks: labels.landmarks, boxes, confidence })
        insertTrace(
          ctx.db,
          { sessionId, kind: 'gold', sourceType: 'synthetic', name: `gold (${format}, ${clip.clipId})`, meta: { ...meta } },
          { valence: labels.valence.map((x) => x / L), arousal: labels.arousal.map((x) => x / L) }
        )
      },
      onStored: (sessionId) => opts.onStored?.(sessionId)
    })
  }
  return { start }
}
