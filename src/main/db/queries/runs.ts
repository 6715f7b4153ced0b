import type { Database } from 'better-sqlite3'

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'

export interface RunRow {
  readonly id: string
  readonly model: string
  readonly preset: string
  readonly configJson: string
  readonly dataHash: string
  readonly fold: string | null
  readonly status: RunStatus
  readonly backend: string | null
  readonly runDir: string | null
  readonly createdAt: string
  readonly startedAt: string | null
  readonly finishedAt: string | null
  readonly wallS: number | null
  readonly error: string | null
  /** Added by migration 0005. */
  readonly datasetId: string | null
  readonly stopReason: RunStopReason | null
  readonly codeVersion: string | null
  readonly epochsPlanned: number | null
}

/** Why a run that did not finish stopped (migration 0005): a paused run is status 'cancelled' + 'paused'. */
export type RunStopReason = 'paused' | 'cancelled' | 'crashed'

interface Raw {
  id: string
  model: string
  preset: string
  config_json: string
  data_hash: string
  fold: string | null
  status: RunStatus
  backend: string | null
  run_dir: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
  wall_s: number | null
  error: string | null
  dataset_id: string | null
  stop_reason: RunStopReason | null
  code_version: string | null
  epochs_planned: number | null
}

const toRow = (r: Raw): RunRow => ({
  id: r.id,
  model: r.model,
  preset: r.preset,
  configJson: r.config_json,
  dataHash: r.data_hash,
  fold: r.fold,
  status: r.status,
  backend: r.backend,
  runDir: r.run_dir,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  wallS: r.wall_s,
  error: r.error,
  datasetId: r.dataset_id,
  stopReason: r.stop_reason,
  codeVersion: r.code_version,
  epochsPlanned: r.epochs_planned
})

/** Sets the migration-0005 fields of a run (only those given). */
export function setRunRegistryFields(
  db: Database,
  id: string,
  f: { datasetId?: string | null; stopReason?: RunStopReason | null; codeVersion?: string | null; epochsPlanned?: number | null }
): void {
  const cols: Array<[string, unknown]> = []
  if (f.datasetId !== undefined) cols.push(['dataset_id', f.datasetId])
  if (f.stopReason !== undefined) cols.push(['stop_reason', f.stopReason])
  if (f.codeVersion !== undefined) cols.push(['code_version', f.codeVersion])
  if (f.epochsPlanned !== undefined) cols.push(['epochs_planned', f.epochsPlanned])
  if (cols.length === 0) return
  db.prepare(`UPDATE runs SET ${cols.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...cols.map(([, v]) => v), id)
}

/** Tags of a run, sorted. */
export function getRunTags(db: Database, runId: string): string[] {
  return (db.prepare('SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag').all(runId) as { tag: string }[]).map((r) => r.tag)
}

/** Inserts a run, or (same id) leaves the existing row as it is; returns the stored row. */
export function upsertRun(
  db: Database,
  r: { id: string; model: string; preset: string; configJson: string; dataHash: string; fold: string | null; runDir: string }
): RunRow {
  db.prepare(
    `INSERT INTO runs (id, model, preset, config_json, data_hash, fold, status, run_dir, created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT(id) DO NOTHING`
  ).run(r.id, r.model, r.preset, r.configJson, r.dataHash, r.fold, r.runDir, new Date().toISOString())
  return getRun(db, r.id)!
}

/** Replaces a run's config JSON (e.g. a sequence run's record with its curriculum stages once they are known). */
export function setRunConfigJson(db: Database, id: string, configJson: string): void {
  db.prepare('UPDATE runs SET config_json = ? WHERE id = ?').run(configJson, id)
}

/** Prediction traces made by a run (source model_run), oldest first. */
export function listRunTraces(db: Database, runId: string): { traceId: string; sessionId: string; name: string; createdAt: string; metaJson: string }[] {
  return db
    .prepare(
      `SELECT id AS traceId, session_id AS sessionId, name, created_at AS createdAt, meta_json AS metaJson
         FROM traces WHERE kind = 'prediction' AND source_type = 'model_run' AND source_id = ? ORDER BY created_at, id`
    )
    .all(runId) as { traceId: string; sessionId: string; name: string; createdAt: string; metaJson: string }[]
}

export function getRun(db: Database, id: string): RunRow | null {
  const r = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Raw | undefined
  return r ? toRow(r) : null
}

export function listRuns(db: Database): RunRow[] {
  return (db.prepare('SELECT * FROM runs ORDER BY created_at, id').all() as Raw[]).map(toRow)
}

export function setRunStatus(
  db: Database,
  id: string,
  s: { status: RunStatus; backend?: string | null; started?: boolean; finished?: boolean; wallS?: number | null; error?: string | null }
): void {
  const now = new Date().toISOString()
  db.prepare(
    `UPDATE runs SET status = ?, backend = COALESCE(?, backend),
       started_at = CASE WHEN ? THEN ? ELSE started_at END,
       finished_at = CASE WHEN ? THEN ? ELSE finished_at END,
       wall_s = COALESCE(?, wall_s), error = ? WHERE id = ?`
  ).run(s.status, s.backend ?? null, s.started ? 1 : 0, now, s.finished ? 1 : 0, now, s.wallS ?? null, s.error ?? null, id)
}

export interface EpochRow {
  readonly epoch: number
  readonly split: 'train' | 'val' | 'test'
  readonly metrics: Record<string, number | null>
  readonly losses: Record<string, number>
  readonly wallS: number | null
}

/** Replaces the per-epoch curves of a run (idempotent: a resumed run rewrites the whole history). */
export function replaceRunEpochs(db: Database, runId: string, rows: readonly EpochRow[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM run_epochs WHERE run_id = ?').run(runId)
    const ins = db.prepare('INSERT INTO run_epochs (run_id, epoch, split, metrics_json, losses_json, wall_s) VALUES (?, ?, ?, ?, ?, ?)')
    for (const r of rows) ins.run(runId, r.epoch, r.split, JSON.stringify(r.metrics), JSON.stringify(r.losses), r.wallS)
  })()
}

export function getRunEpochs(db: Database, runId: string): EpochRow[] {
  const rows = db.prepare('SELECT epoch, split, metrics_json, losses_json, wall_s FROM run_epochs WHERE run_id = ? ORDER BY epoch, split').all(runId) as Array<{
    epoch: number
    split: EpochRow['split']
    metrics_json: string
    losses_json: string
    wall_s: number | null
  }>
  return rows.map((r) => ({ epoch: r.epoch, split: r.split, metrics: JSON.parse(r.metrics_json), losses: JSON.parse(r.losses_json), wallS: r.wall_s }))
}

export function replaceRunCheckpoints(db: Database, runId: string, rows: ReadonlyArray<{ epoch: number; path: string; isBest: boolean }>): void {
  db.transaction(() => {
    db.prepare('DELETE FROM run_checkpoints WHERE run_id = ?').run(runId)
    const ins = db.prepare('INSERT INTO run_checkpoints (run_id, epoch, path, is_best) VALUES (?, ?, ?, ?)')
    for (const r of rows) ins.run(runId, r.epoch, r.path, r.isBest ? 1 : 0)
  })()
}

export function getBestCheckpoint(db: Database, runId: string): { epoch: number; path: string } | null {
  return (db.prepare('SELECT epoch, path FROM run_checkpoints WHERE run_id = ? AND is_best = 1').get(runId) as { epoch: number; path: string } | undefined) ?? null
}

/** Per-frame extras of a trace (frame_count × dims float32). */
export function insertTraceExtra(db: Database, traceId: string, kind: string, dims: number, data: Float32Array): void {
  if (data.length % dims !== 0) throw new Error(`extras '${kind}': ${data.length} values are not a multiple of ${dims}`)
  db.prepare('INSERT INTO trace_extras (trace_id, kind, dims, frame_count, data) VALUES (?, ?, ?, ?, ?)').run(
    traceId,
    kind,
    dims,
    data.length / dims,
    Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  )
}

export function getTraceExtra(db: Database, traceId: string, kind: string): { dims: number; frameCount: number; data: Float32Array } | null {
  const r = db.prepare('SELECT dims, frame_count, data FROM trace_extras WHERE trace_id = ? AND kind = ?').get(traceId, kind) as
    | { dims: number; frame_count: number; data: Buffer }
    | undefined
  if (!r) return null
  const copy = new Uint8Array(r.data.byteLength)
  copy.set(r.data)
  return { dims: r.dims, frameCount: r.frame_count, data: new Float32Array(copy.buffer) }
}

/** Extras (kind, dims, frames) of every trace of a session, in trace creation order. */
export function listSessionTraceExtras(db: Database, sessionId: string): { traceId: string; traceName: string; kind: string; dims: number; frameCount: number }[] {
  return db
    .prepare(
      `SELECT e.trace_id AS traceId, t.name AS traceName, e.kind AS kind, e.dims AS dims, e.frame_count AS frameCount
         FROM trace_extras e JOIN traces t ON t.id = e.trace_id
        WHERE t.session_id = ? ORDER BY t.created_at, t.id, e.kind`
    )
    .all(sessionId) as { traceId: string; traceName: string; kind: string; dims: number; frameCount: number }[]
}

/** Rows [from, to] of a trace extra (clamped to its frames); null when the trace has no extra of that kind. */
export function getTraceExtraRows(db: Database, traceId: string, kind: string, from: number, to: number): { dims: number; from: number; rows: number; bytes: Buffer } | null {
  const r = db.prepare('SELECT dims, frame_count FROM trace_extras WHERE trace_id = ? AND kind = ?').get(traceId, kind) as { dims: number; frame_count: number } | undefined
  if (!r) return null
  const f0 = Math.max(0, Math.min(from, r.frame_count))
  const f1 = Math.min(to, r.frame_count - 1)
  const rows = Math.max(0, f1 - f0 + 1)
  const rowBytes = r.dims * 4
  // substr on a BLOB reads only the bytes asked for (1-based offsets).
  const part = db.prepare('SELECT substr(data, ?, ?) AS bytes FROM trace_extras WHERE trace_id = ? AND kind = ?').get(f0 * rowBytes + 1, rows * rowBytes, traceId, kind) as { bytes: Buffer | null }
  return { dims: r.dims, from: f0, rows, bytes: part.bytes ?? Buffer.alloc(0) }
}

/**
 * What model inference needs to reuse a session's imported spectrogram: its cache key, its parameters (with the
 * origin time of PCM sample 0) and the decoded audio duration; null when the session has none (no audio track, or
 * imported with --no-spectrogram).
 */
export function getSessionSpectrogramRef(db: Database, sessionId: string): { cacheKey: string; params: Record<string, unknown>; audioDurationS: number | null } | null {
  const r = db
    .prepare(
      `SELECT s.cache_key AS cacheKey, s.params_json AS params, v.audio_duration_s AS audioDurationS
         FROM spectrograms s JOIN videos v ON v.id = s.video_id WHERE v.session_id = ?`
    )
    .get(sessionId) as { cacheKey: string; params: string; audioDurationS: number | null } | undefined
  return r ? { cacheKey: r.cacheKey, params: JSON.parse(r.params) as Record<string, unknown>, audioDurationS: r.audioDurationS } : null
}
