import type { Database } from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import type { SessionSummary, VideoFacts } from '../../../shared/domain'

interface SessionRow {
  id: string
  name: string
  created_at: string
  is_demo: number
  trace_count: number
  path: string | null
  width: number | null
  height: number | null
  fps: number | null
  frame_count: number | null
  duration_s: number | null
  is_vfr: number | null
  has_audio: number | null
  audio_sample_rate: number | null
  rotation: number | null
}

const SELECT_SESSION = `
  SELECT s.id, s.name, s.created_at, s.is_demo,
         (SELECT count(*) FROM traces t WHERE t.session_id = s.id) AS trace_count,
         v.path, v.width, v.height, v.fps, v.frame_count, v.duration_s, v.is_vfr, v.has_audio,
         v.audio_sample_rate, v.rotation
  FROM sessions s LEFT JOIN videos v ON v.session_id = s.id`

function toSummary(r: SessionRow): SessionSummary {
  const video: VideoFacts | null =
    r.path === null
      ? null
      : {
          path: r.path,
          width: r.width ?? 0,
          height: r.height ?? 0,
          fps: r.fps ?? 0,
          frameCount: r.frame_count ?? 0,
          durationS: r.duration_s ?? 0,
          isVfr: r.is_vfr === 1,
          hasAudio: r.has_audio === 1,
          audioSampleRate: r.audio_sample_rate,
          rotation: r.rotation ?? 0
        }
  return { id: r.id, name: r.name, createdAt: r.created_at, isDemo: r.is_demo === 1, video, traceCount: r.trace_count }
}

export function listSessions(db: Database): SessionSummary[] {
  const rows = db.prepare(`${SELECT_SESSION} ORDER BY s.is_demo DESC, s.created_at DESC`).all() as SessionRow[]
  return rows.map(toSummary)
}

export function getSession(db: Database, id: string): SessionSummary | null {
  const row = db.prepare(`${SELECT_SESSION} WHERE s.id = ?`).get(id) as SessionRow | undefined
  return row ? toSummary(row) : null
}

export interface NewVideo extends VideoFacts {
  readonly contentHash: string | null
  readonly audioChannels: number | null
  readonly probe: unknown
  /** Presentation timestamp of every frame, seconds. */
  readonly timestamps: Float64Array
  readonly audioOffsetS?: number
  readonly audioDurationS?: number | null
  readonly irregularFrames?: number
  readonly codec?: string | null
}

export function insertSession(db: Database, s: { name: string; isDemo?: boolean; createdAt?: string }): string {
  const id = randomUUID()
  db.prepare('INSERT INTO sessions (id, name, created_at, is_demo) VALUES (?, ?, ?, ?)').run(
    id,
    s.name,
    s.createdAt ?? new Date().toISOString(),
    s.isDemo ? 1 : 0
  )
  return id
}

export function insertVideo(db: Database, sessionId: string, v: NewVideo): string {
  const id = randomUUID()
  db.prepare(
    `INSERT INTO videos (id, session_id, path, content_hash, width, height, fps, frame_count, duration_s,
       is_vfr, has_audio, audio_sample_rate, audio_channels, rotation, probe_json,
       audio_offset_s, audio_duration_s, irregular_frames, codec)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  ).run(
    id,
    sessionId,
    v.path,
    v.contentHash,
    v.width,
    v.height,
    v.fps,
    v.frameCount,
    v.durationS,
    v.isVfr ? 1 : 0,
    v.hasAudio ? 1 : 0,
    v.audioSampleRate,
    v.audioChannels,
    v.rotation,
    JSON.stringify(v.probe ?? {}),
    v.audioOffsetS ?? 0,
    v.audioDurationS ?? null,
    v.irregularFrames ?? 0,
    v.codec ?? null
  )
  const buf = Buffer.from(v.timestamps.buffer, v.timestamps.byteOffset, v.timestamps.byteLength)
  db.prepare('INSERT INTO frame_timestamps (video_id, pts) VALUES (?, ?)').run(id, buf)
  return id
}

export function getFrameTimestamps(db: Database, sessionId: string): Float64Array | null {
  const row = db
    .prepare('SELECT f.pts FROM frame_timestamps f JOIN videos v ON v.id = f.video_id WHERE v.session_id = ?')
    .get(sessionId) as { pts: Buffer } | undefined
  if (!row) return null
  const copy = new Uint8Array(row.pts.byteLength)
  copy.set(row.pts)
  return new Float64Array(copy.buffer)
}

export function deleteSession(db: Database, id: string): boolean {
  return db.prepare('DELETE FROM sessions WHERE id = ?').run(id).changes > 0
}

export function getSetting(db: Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM app_settings WHERE key = ?').get(key) as { value: string } | undefined
  return row?.value ?? null
}

export function setSetting(db: Database, key: string, value: string): void {
  db.prepare('INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value
  )
}
