/** Test helpers: a migrated store (with the annotation schema of migration 0004) and a session with a video. */
import type { Database } from 'better-sqlite3'
import { openDatabase } from '../../db/connection'
import { insertSession, insertVideo } from '../../db/queries/sessions'

export function openAnnotationDb(file = ':memory:'): Database {
  return openDatabase(file).db
}

/** A session with a video of `frames` frames at `fps` (constant timestamps). */
export function addSession(db: Database, frames: number, fps = 25, name = 's'): string {
  const id = insertSession(db, { name })
  const ts = new Float64Array(frames)
  for (let i = 0; i < frames; i++) ts[i] = i / fps
  insertVideo(db, id, {
    path: `/videos/${name}.mp4`,
    width: 64,
    height: 64,
    fps,
    frameCount: frames,
    durationS: frames / fps,
    isVfr: false,
    hasAudio: false,
    audioSampleRate: null,
    rotation: 0,
    contentHash: null,
    audioChannels: null,
    probe: {},
    timestamps: ts
  })
  return id
}
