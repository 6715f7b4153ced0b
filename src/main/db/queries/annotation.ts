import type { Database } from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import type { Annotator, Assignment, Project, RatingMode, RatingPass } from '../../../shared/annotation'

const now = (): string => new Date().toISOString()

export function insertAnnotator(db: Database, name: string): Annotator {
  const a = { id: randomUUID(), name, createdAt: now() }
  db.prepare('INSERT INTO annotators (id, name, created_at) VALUES (?, ?, ?)').run(a.id, a.name, a.createdAt)
  return a
}

export function listAnnotators(db: Database): Annotator[] {
  return db.prepare('SELECT id, name, created_at AS createdAt FROM annotators ORDER BY name').all() as Annotator[]
}

export function getAnnotator(db: Database, id: string): Annotator | null {
  return (db.prepare('SELECT id, name, created_at AS createdAt FROM annotators WHERE id = ?').get(id) as Annotator | undefined) ?? null
}

export function getAnnotatorByName(db: Database, name: string): Annotator | null {
  return (db.prepare('SELECT id, name, created_at AS createdAt FROM annotators WHERE name = ?').get(name) as Annotator | undefined) ?? null
}

interface ProjectRow {
  id: string
  name: string
  blind: number
  created_at: string
}

function sessionIdsOf(db: Database, projectId: string): string[] {
  return (db.prepare('SELECT session_id FROM project_sessions WHERE project_id = ? ORDER BY position, session_id').all(projectId) as { session_id: string }[]).map(
    (r) => r.session_id
  )
}

function toProject(db: Database, r: ProjectRow): Project {
  return { id: r.id, name: r.name, blind: r.blind === 1, createdAt: r.created_at, sessionIds: sessionIdsOf(db, r.id) }
}

export function insertProject(db: Database, name: string, blind: boolean): string {
  const id = randomUUID()
  db.prepare('INSERT INTO projects (id, name, blind, created_at) VALUES (?, ?, ?, ?)').run(id, name, blind ? 1 : 0, now())
  return id
}

export function addProjectSessions(db: Database, projectId: string, sessionIds: readonly string[]): void {
  const start = (db.prepare('SELECT coalesce(max(position), -1) + 1 AS p FROM project_sessions WHERE project_id = ?').get(projectId) as { p: number }).p
  const ins = db.prepare('INSERT OR IGNORE INTO project_sessions (project_id, session_id, position) VALUES (?, ?, ?)')
  sessionIds.forEach((s, i) => ins.run(projectId, s, start + i))
}

export function getProject(db: Database, id: string): Project | null {
  const r = db.prepare('SELECT id, name, blind, created_at FROM projects WHERE id = ?').get(id) as ProjectRow | undefined
  return r ? toProject(db, r) : null
}

export function listProjects(db: Database): Project[] {
  return (db.prepare('SELECT id, name, blind, created_at FROM projects ORDER BY created_at, id').all() as ProjectRow[]).map((r) => toProject(db, r))
}

export function upsertAssignment(db: Database, annotatorId: string, sessionId: string, projectId: string | null): Assignment {
  const createdAt = now()
  db.prepare(
    `INSERT INTO assignments (annotator_id, session_id, project_id, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (annotator_id, session_id) DO UPDATE SET project_id = coalesce(excluded.project_id, project_id)`
  ).run(annotatorId, sessionId, projectId, createdAt)
  return getAssignment(db, annotatorId, sessionId) as Assignment
}

const ASSIGNMENT_COLS = 'annotator_id AS annotatorId, session_id AS sessionId, project_id AS projectId, created_at AS createdAt'

export function getAssignment(db: Database, annotatorId: string, sessionId: string): Assignment | null {
  return (
    (db.prepare(`SELECT ${ASSIGNMENT_COLS} FROM assignments WHERE annotator_id = ? AND session_id = ?`).get(annotatorId, sessionId) as Assignment | undefined) ??
    null
  )
}

export function listAssignments(db: Database, filter: { annotatorId?: string; projectId?: string } = {}): Assignment[] {
  return db
    .prepare(
      `SELECT ${ASSIGNMENT_COLS} FROM assignments
       WHERE (@a IS NULL OR annotator_id = @a) AND (@p IS NULL OR project_id = @p) ORDER BY created_at, session_id`
    )
    .all({ a: filter.annotatorId ?? null, p: filter.projectId ?? null }) as Assignment[]
}

/** True when any project holding the session in which the annotator is assigned is blind. */
export function isBlindFor(db: Database, annotatorId: string, sessionId: string): boolean {
  const r = db
    .prepare(
      `SELECT 1 FROM assignments a JOIN projects p ON p.id = a.project_id
       WHERE a.annotator_id = ? AND a.session_id = ? AND p.blind = 1 LIMIT 1`
    )
    .get(annotatorId, sessionId)
  return r !== undefined
}

/** The annotator's live-rated trace on a session (at most one: see migration 0004). */
export function findAnnotatorTrace(db: Database, sessionId: string, annotatorId: string): string | null {
  const r = db
    .prepare("SELECT id FROM traces WHERE session_id = ? AND source_id = ? AND kind = 'annotation' AND source_type = 'annotator'")
    .get(sessionId, annotatorId) as { id: string } | undefined
  return r?.id ?? null
}

interface PassRow {
  id: string
  session_id: string
  annotator_id: string
  trace_id: string
  mode: RatingMode
  input_lag_s: number
  speed: number
  started_at: string
  finished_at: string | null
}

function toPass(r: PassRow): RatingPass {
  return {
    id: r.id,
    sessionId: r.session_id,
    annotatorId: r.annotator_id,
    traceId: r.trace_id,
    mode: r.mode,
    inputLagS: r.input_lag_s,
    speed: r.speed,
    startedAt: r.started_at,
    finishedAt: r.finished_at
  }
}

export function insertPass(
  db: Database,
  p: { sessionId: string; annotatorId: string; traceId: string; mode: RatingMode; inputLagS: number; speed: number }
): RatingPass {
  const id = randomUUID()
  db.prepare(
    'INSERT INTO rating_passes (id, session_id, annotator_id, trace_id, mode, input_lag_s, speed, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
  ).run(id, p.sessionId, p.annotatorId, p.traceId, p.mode, p.inputLagS, p.speed, now())
  return getPass(db, id) as RatingPass
}

export function getPass(db: Database, id: string): RatingPass | null {
  const r = db.prepare('SELECT * FROM rating_passes WHERE id = ?').get(id) as PassRow | undefined
  return r ? toPass(r) : null
}

export function finishPass(db: Database, id: string): void {
  db.prepare('UPDATE rating_passes SET finished_at = ? WHERE id = ? AND finished_at IS NULL').run(now(), id)
}

export function passCounts(db: Database, annotatorId: string, sessionId: string): { started: number; finished: number } {
  const r = db
    .prepare('SELECT count(*) AS started, count(finished_at) AS finished FROM rating_passes WHERE annotator_id = ? AND session_id = ?')
    .get(annotatorId, sessionId) as { started: number; finished: number }
  return r
}

export function insertGoldRecipe(db: Database, traceId: string, method: string, params: unknown, inputTraceIds: readonly string[]): void {
  db.prepare('INSERT INTO gold_recipes (trace_id, method, params_json, input_trace_ids, created_at) VALUES (?, ?, ?, ?, ?)').run(
    traceId,
    method,
    JSON.stringify(params),
    JSON.stringify(inputTraceIds),
    now()
  )
}

export function getGoldRecipe(db: Database, traceId: string): { method: string; params: unknown; inputTraceIds: string[] } | null {
  const r = db.prepare('SELECT method, params_json, input_trace_ids FROM gold_recipes WHERE trace_id = ?').get(traceId) as
    | { method: string; params_json: string; input_trace_ids: string }
    | undefined
  return r ? { method: r.method, params: JSON.parse(r.params_json), inputTraceIds: JSON.parse(r.input_trace_ids) as string[] } : null
}
