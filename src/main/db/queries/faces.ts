import type { Database } from 'better-sqlite3'

/** One face track of a video: per-frame arrays, NaN where no face was found. */
export interface FaceTrackData {
  readonly track: string
  readonly detector: string
  readonly frameCount: number
  /** frameCount × 68 × 2 (x, y in display pixels, 0-based). */
  readonly landmarks: Float32Array
  /** frameCount × 4 (x, y, w, h). */
  readonly boxes: Float32Array
  readonly confidence: Float32Array
}

const blob = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

function floats(b: Buffer): Float32Array {
  const copy = new Uint8Array(b.byteLength)
  copy.set(b)
  return new Float32Array(copy.buffer)
}

export function countFaces(confidence: Float32Array): number {
  let n = 0
  for (const c of confidence) if (!Number.isNaN(c)) n++
  return n
}

export function insertFaceTrack(db: Database, videoId: string, t: FaceTrackData): void {
  db.prepare(
    `INSERT INTO face_tracks (video_id, track, detector, frame_count, faces_found, landmarks, boxes, confidence, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
  ).run(videoId, t.track, t.detector, t.frameCount, countFaces(t.confidence), blob(t.landmarks), blob(t.boxes), blob(t.confidence), new Date().toISOString())
}

export function getFaceTrack(db: Database, sessionId: string, track = 'main'): FaceTrackData | null {
  const row = db
    .prepare(
      `SELECT f.track, f.detector, f.frame_count, f.landmarks, f.boxes, f.confidence
       FROM face_tracks f JOIN videos v ON v.id = f.video_id WHERE v.session_id = ? AND f.track = ?`
    )
    .get(sessionId, track) as
    | { track: string; detector: string; frame_count: number; landmarks: Buffer; boxes: Buffer; confidence: Buffer }
    | undefined
  if (!row) return null
  return {
    track: row.track,
    detector: row.detector,
    frameCount: row.frame_count,
    landmarks: floats(row.landmarks),
    boxes: floats(row.boxes),
    confidence: floats(row.confidence)
  }
}
