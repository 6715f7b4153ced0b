/**
 * The run registry: every model run with its status, backend, timing, best validation CCC and curves. A running
 * run's curves are refreshed from its run folder (history.json, written every epoch), so the UI sees them live.
 */
import type { Database } from 'better-sqlite3'
import type { RunDetail, RunSummary } from '../../../shared/runs'
import { AppError } from '../../../shared/ipc/errors'
import { getRun, getRunEpochs, getRunTags, listRuns, type RunRow } from '../../db/queries/runs'
import type { AppContext } from '../app-context'
import { syncRunFromDisk } from '../training/training-service'

function summary(db: Database, r: RunRow): RunSummary {
  const epochs = getRunEpochs(db, r.id).filter((e) => e.split === 'val')
  let best: RunSummary['best'] = null
  for (const e of epochs) {
    const c = e.metrics.ccc_mean
    if (typeof c === 'number' && Number.isFinite(c) && (best === null || c > best.cccMean)) best = { epoch: e.epoch, cccMean: c }
  }
  const predictions = (db.prepare("SELECT count(*) AS n FROM traces WHERE source_type = 'model_run' AND source_id = ?").get(r.id) as { n: number }).n
  return {
    id: r.id,
    model: r.model,
    preset: r.preset,
    fold: r.fold,
    status: r.status,
    backend: r.backend,
    dataHash: r.dataHash,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    wallS: r.wallS,
    error: r.error,
    epochs: epochs.length,
    best,
    predictions,
    datasetId: r.datasetId,
    stopReason: r.stopReason,
    codeVersion: r.codeVersion,
    epochsPlanned: r.epochsPlanned,
    tags: getRunTags(db, r.id)
  }
}

export function runsService(ctx: AppContext) {
  const db = ctx.db
  const refresh = (r: RunRow) => {
    if (r.status !== 'running') return
    try {
      syncRunFromDisk(ctx, r)
    } catch {
      // a half-written history.json: the next poll reads it
    }
  }
  return {
    list(): RunSummary[] {
      const runs = listRuns(db)
      runs.forEach(refresh)
      return runs.map((r) => summary(db, r))
    },
    get(runId: string): RunDetail {
      const r = getRun(db, runId)
      if (!r) throw new AppError('NOT_FOUND', `no run ${runId}`)
      refresh(r)
      let config: unknown = null
      try {
        config = JSON.parse(r.configJson)
      } catch {
        config = r.configJson
      }
      const checkpoints = db.prepare('SELECT epoch, path, is_best AS isBest FROM run_checkpoints WHERE run_id = ? ORDER BY epoch').all(runId) as { epoch: number; path: string; isBest: number }[]
      return {
        run: summary(db, r),
        config,
        epochs: getRunEpochs(db, runId),
        checkpoints: checkpoints.map((c) => ({ epoch: c.epoch, path: c.path, isBest: c.isBest === 1 }))
      }
    }
  }
}
