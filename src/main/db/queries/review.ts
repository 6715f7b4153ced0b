import type { Database } from 'better-sqlite3'

/** Row of the session's spectrogram cache entry (the file lives in the data dir's cache). */
export interface SpectrogramRow {
  readonly cacheKey: string
  readonly sampleRate: number
  readonly hop: number
  readonly nMels: number
  readonly columns: number
  readonly params: Record<string, unknown>
}

export function getSpectrogramRow(db: Database, sessionId: string): SpectrogramRow | null {
  const r = db
    .prepare(
      `SELECT s.cache_key, s.sample_rate, s.hop, s.n_mels, s.columns, s.params_json
       FROM spectrograms s JOIN videos v ON v.id = s.video_id WHERE v.session_id = ?`
    )
    .get(sessionId) as { cache_key: string; sample_rate: number; hop: number; n_mels: number; columns: number; params_json: string } | undefined
  if (!r) return null
  let params: Record<string, unknown> = {}
  try {
    params = JSON.parse(r.params_json) as Record<string, unknown>
  } catch {
    params = {}
  }
  return { cacheKey: r.cache_key, sampleRate: r.sample_rate, hop: r.hop, nMels: r.n_mels, columns: r.columns, params }
}

export interface VideoFile {
  readonly videoId: string
  readonly path: string
  readonly contentHash: string | null
  readonly frameCount: number
  readonly hasAudio: boolean
  readonly audioOffsetS: number
  readonly audioDurationS: number | null
}

export function getVideoFile(db: Database, sessionId: string): VideoFile | null {
  const r = db
    .prepare('SELECT id, path, content_hash, frame_count, has_audio, audio_offset_s, audio_duration_s FROM videos WHERE session_id = ?')
    .get(sessionId) as
    | { id: string; path: string; content_hash: string | null; frame_count: number; has_audio: number; audio_offset_s: number; audio_duration_s: number | null }
    | undefined
  if (!r) return null
  return {
    videoId: r.id,
    path: r.path,
    contentHash: r.content_hash,
    frameCount: r.frame_count,
    hasAudio: r.has_audio === 1,
    audioOffsetS: r.audio_offset_s,
    audioDurationS: r.audio_duration_s
  }
}

export interface FaceTrackInfo {
  readonly track: string
  readonly detector: string
  readonly frameCount: number
  readonly framesWithFace: number
}

export function getFaceTrackInfo(db: Database, sessionId: string, track = 'main'): FaceTrackInfo | null {
  const r = db
    .prepare(
      `SELECT f.track, f.detector, f.frame_count, f.faces_found FROM face_tracks f JOIN videos v ON v.id = f.video_id
       WHERE v.session_id = ? AND f.track = ?`
    )
    .get(sessionId, track) as { track: string; detector: string; frame_count: number; faces_found: number } | undefined
  return r ? { track: r.track, detector: r.detector, frameCount: r.frame_count, framesWithFace: r.faces_found } : null
}

/**
 * Bytes of frames [from, to] of a face track's per-frame blobs, sliced in SQLite (substr on a BLOB is byte-based),
 * so a range request never copies a whole hour of landmarks into JS.
 */
export function getFaceTrackSlice(
  db: Database,
  sessionId: string,
  track: string,
  from: number,
  to: number
): { landmarks: Buffer; boxes: Buffer; confidence: Buffer } | null {
  const n = to - from + 1
  const r = db
    .prepare(
      `SELECT substr(f.landmarks, ?, ?) AS l, substr(f.boxes, ?, ?) AS b, substr(f.confidence, ?, ?) AS c
       FROM face_tracks f JOIN videos v ON v.id = f.video_id WHERE v.session_id = ? AND f.track = ?`
    )
    .get(from * 544 + 1, n * 544, from * 16 + 1, n * 16, from * 4 + 1, n * 4, sessionId, track) as
    | { l: Buffer; b: Buffer; c: Buffer }
    | undefined
  return r ? { landmarks: r.l, boxes: r.b, confidence: r.c } : null
}

export function countTracesBySource(db: Database, sessionId: string, sourceType: string): number {
  const r = db.prepare('SELECT count(*) AS n FROM traces WHERE session_id = ? AND source_type = ?').get(sessionId, sourceType) as { n: number }
  return r.n
}
