/**
 * The trackers a session or an evaluation can use: 'default' (Human FaceMesh + ROI tracking, default-tracker.ts)
 * and every finished tracker training run (runs.model = 'tracker', preset = variant), optionally without its
 * denoiser ('<run id>:no-denoise', the ablation). resolveTracker needs the store; openTracker does not (a worker
 * thread opens the spec it was handed).
 */
import type { Database } from 'better-sqlite3'
import { AppError } from '../../../shared/ipc/errors'
import { getRun, listRuns, type RunRow } from '../../db/queries/runs'
import { getHumanDetector } from '../human-detector'
import { createDefaultTracker } from './default-tracker'
import type { SequenceTracker } from './types'
import { openTrainedTracker } from './trained-tracker'

export type TrackerSpec = { kind: 'default' } | { kind: 'trained'; id: string; runId: string; runDir: string; denoise: boolean; label: string }

/** runs.model of a tracker training run. */
export const TRACKER_MODEL = 'tracker'
const NO_DENOISE = ':no-denoise'
const VARIANT_LABEL: Readonly<Record<string, string>> = { fll: 'FLL', crt: 'CRT', dcrt: 'DCRT' }

function specOf(run: RunRow, denoise: boolean): TrackerSpec & { kind: 'trained' } {
  if (!run.runDir) throw new AppError('NOT_FOUND', `tracker run ${run.id} has no run folder`)
  const v = run.preset
  const label = `${VARIANT_LABEL[v] ?? v} (run ${run.id}${v === 'dcrt' ? `, denoiser ${denoise ? 'on' : 'off'}` : ''})`
  return { kind: 'trained', id: `${v}:${run.id}${denoise ? '' : NO_DENOISE}`, runId: run.id, runDir: run.runDir, denoise, label }
}

/** 'default', or a finished tracker run id (optionally '<run id>:no-denoise', DCRT only). */
export function resolveTracker(db: Database, id: string): TrackerSpec {
  const name = id.trim()
  if (name === '') throw new AppError('INVALID_ARGUMENT', 'a tracker id is required (default or a tracker run id)')
  if (name === 'default') return { kind: 'default' }
  // Also accept the tracker's own id ('<variant>:<run id>[:no-denoise]', as stored in face_tracks.detector).
  let runId = name.endsWith(NO_DENOISE) ? name.slice(0, -NO_DENOISE.length) : name
  const denoise = !name.endsWith(NO_DENOISE)
  const m = /^(fll|crt|dcrt):(.+)$/.exec(runId)
  if (m && !getRun(db, runId)) runId = m[2]
  const run = getRun(db, runId)
  if (!run) throw new AppError('NOT_FOUND', `no tracker '${name}': use 'default' or the id of a finished tracker run (circumplex train --model tracker)`)
  if (run.model !== TRACKER_MODEL) throw new AppError('INVALID_ARGUMENT', `run ${run.id} is a '${run.model}' run, not a tracker run`)
  if (run.status !== 'done') throw new AppError('INVALID_ARGUMENT', `tracker run ${run.id} is ${run.status}: only finished runs can track`)
  if (!denoise && run.preset !== 'dcrt') throw new AppError('INVALID_ARGUMENT', `${NO_DENOISE} switches off DCRT's denoiser; run ${run.id} is ${run.preset.toUpperCase()}, which has none`)
  return specOf(run, denoise)
}

/** The Human-based default tracker, or a trained one (its model loaded from the run folder; Human re-detects). */
export async function openTracker(spec: TrackerSpec): Promise<SequenceTracker> {
  if (spec.kind === 'default') return createDefaultTracker(await getHumanDetector())
  return openTrainedTracker(spec)
}

/** 'default' and every finished tracker run, newest first. */
export function listTrackers(db: Database): TrackerSpec[] {
  const runs = listRuns(db).filter((r) => r.model === TRACKER_MODEL && r.status === 'done' && r.runDir)
  runs.sort((a, b) => (b.finishedAt ?? b.createdAt).localeCompare(a.finishedAt ?? a.createdAt))
  return [{ kind: 'default' }, ...runs.map((r) => specOf(r, true))]
}

/** What a legend shows for a spec. */
export function trackerLabel(spec: TrackerSpec): string {
  return spec.kind === 'default' ? 'default (Human FaceMesh)' : spec.label
}

/** The SequenceTracker id of a spec (face_tracks.detector, landmark_evals.tracker_id). */
export function trackerIdOf(spec: TrackerSpec): string {
  return spec.kind === 'default' ? 'default' : spec.id
}
