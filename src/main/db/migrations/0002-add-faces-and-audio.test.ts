import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../migrate'
import { m0001CreateCoreSchema } from './0001-create-core-schema'
import { m0002AddFacesAndAudio } from './0002-add-faces-and-audio'

function atVersion1WithData() {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db, [m0001CreateCoreSchema])
  db.prepare("INSERT INTO sessions (id, name, created_at) VALUES ('s', 'old', 'then')").run()
  db.prepare(
    "INSERT INTO videos (id, session_id, path, width, height, fps, frame_count, duration_s) VALUES ('v', 's', '/x.mp4', 64, 64, 25, 2, 0.08)"
  ).run()
  return db
}

describe('migration 0002-add-faces-and-audio', () => {
  it('upgrades a version-1 database and keeps its rows', () => {
    const db = atVersion1WithData()
    expect(migrate(db, [m0001CreateCoreSchema, m0002AddFacesAndAudio]).applied).toEqual(['0002-add-faces-and-audio'])
    expect(db.pragma('user_version', { simple: true })).toBe(2)
    expect(db.prepare("SELECT path, audio_offset_s, irregular_frames FROM videos WHERE id = 'v'").get()).toEqual({
      path: '/x.mp4',
      audio_offset_s: 0,
      irregular_frames: 0
    })
  })

  it('checks blob sizes against the frame count and cascades with the video', () => {
    const db = atVersion1WithData()
    migrate(db, [m0001CreateCoreSchema, m0002AddFacesAndAudio])
    const insert = db.prepare(
      `INSERT INTO face_tracks (video_id, track, detector, frame_count, faces_found, landmarks, boxes, confidence, created_at)
       VALUES ('v', 'main', 'd', 2, 1, ?, ?, ?, 'now')`
    )
    expect(() => insert.run(Buffer.alloc(2 * 68 * 2 * 4 - 4), Buffer.alloc(32), Buffer.alloc(8))).toThrow(/CHECK/)
    insert.run(Buffer.alloc(2 * 68 * 2 * 4), Buffer.alloc(32), Buffer.alloc(8))
    db.prepare("DELETE FROM sessions WHERE id = 's'").run()
    expect(db.prepare('SELECT count(*) AS n FROM face_tracks').get()).toEqual({ n: 0 })
  })
})
