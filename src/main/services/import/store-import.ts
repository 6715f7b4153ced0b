import type { Database } from 'better-sqlite3'
import { insertFaceTrack } from '../../db/queries/faces'
import { insertSession, insertVideo } from '../../db/queries/sessions'
import type { ImportJobResult } from './import-job'

const blob = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

/** Writes an import's results in ONE transaction: a session appears whole or not at all. */
export function storeImport(
  db: Database,
  r: ImportJobResult,
  opts: { name: string; isDemo?: boolean; /** More writes in the same transaction (e.g. a gold trace). */ within?: (sessionId: string) => void }
): { sessionId: string; videoId: string } {
  const write = db.transaction(() => {
    const sessionId = insertSession(db, { name: opts.name, isDemo: opts.isDemo })
    const v = r.facts.video
    const videoId = insertVideo(db, sessionId, {
      path: r.facts.path,
      contentHash: r.contentHash,
      width: v.displayWidth,
      height: v.displayHeight,
      fps: v.fps,
      frameCount: v.frameCount,
      durationS: v.durationS,
      isVfr: v.isVfr,
      hasAudio: r.facts.audio !== null,
      audioSampleRate: r.facts.audio?.sampleRate ?? null,
      audioChannels: r.facts.audio?.channels ?? null,
      rotation: v.rotation,
      probe: { container: r.facts.container, codec: v.codec, warnings: r.warnings, durationMismatchS: r.facts.durationMismatchS },
      timestamps: v.timestamps,
      audioOffsetS: r.facts.audio?.offsetS ?? 0,
      audioDurationS: r.spectrogram?.audioDurationS ?? r.facts.audio?.durationS ?? null,
      irregularFrames: v.irregularFrames,
      codec: v.codec
    })
    const now = new Date().toISOString()
    if (r.faces) {
      insertFaceTrack(db, videoId, {
        track: 'main',
        detector: r.faces.detector,
        frameCount: v.frameCount,
        landmarks: r.faces.landmarks,
        boxes: r.faces.boxes,
        confidence: r.faces.confidence
      })
      for (const o of r.faces.others) {
        insertFaceTrack(db, videoId, { track: `other-${o.trackId}`, detector: r.faces.detector, frameCount: v.frameCount, ...o })
      }
    }
    const crop = db.prepare('INSERT INTO crop_sets (video_id, policy, size, cache_key, boxes, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    for (const c of r.crops) crop.run(videoId, c.policy, c.size, `${r.contentHash}:${c.policy}`, blob(c.boxes), now)
    if (r.spectrogram) {
      const s = r.spectrogram
      db.prepare(
        'INSERT INTO spectrograms (video_id, cache_key, sample_rate, hop, n_mels, columns, params_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
      ).run(videoId, s.cacheKey, s.sampleRate, s.hop, s.nMels, s.columns, JSON.stringify(s.params), now)
    }
    opts.within?.(sessionId)
    return { sessionId, videoId }
  })
  return write()
}
