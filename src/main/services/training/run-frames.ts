/**
 * The per-frame outputs of a run, concatenated over sessions, for `circumplex analyze` (core/analysis analyzeRun):
 * - source 'db': the run's prediction traces in the store (the latest per session), gold = the session's latest gold
 *   trace, attention / gate_mean from the trace extras, conditions from the synthetic manifest named by the gold
 *   trace's meta (dataset-import.ts) when there is one;
 * - source 'test': the run's held-out predictions (`<runDir>/test-predictions.json`, written by sequence training).
 * Other runs (the -De baseline, compared models) are loaded on exactly the same sessions / clips, or refused.
 * All values on the trace scale [−1, 1].
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FrameCondition } from '../../../core/analysis'
import { AppError } from '../../../shared/ipc/errors'
import { getRun, getTraceExtra, listRunTraces, type RunRow } from '../../db/queries/runs'
import { getTracePoints, listTraces } from '../../db/queries/traces'
import { listClips } from '../../engine/data/dataset-dir'
import { VARIANT_LABEL, type SequenceVariant } from '../../engine/models/sequence/config'
import type { AppContext } from '../app-context'
import { attentionRows, frameConditions } from './sequence-extras'
import type { TestPredictionsFile } from './sequence-eval'
import { TEST_PREDICTIONS } from './sequence-train-job'
import type { DatasetGoldMeta } from './dataset-import'

export type FrameSource = 'db' | 'test'

export interface RunFrames {
  readonly runId: string
  readonly label: string
  readonly source: FrameSource
  /** Session ids (db) or clip ids (test), in order; sessionStarts[i] = first frame of unit i. */
  readonly units: readonly string[]
  readonly sessionStarts: readonly number[]
  readonly pred: { valence: Float64Array; arousal: Float64Array }
  readonly gold: { valence: Float64Array; arousal: Float64Array }
  readonly attention: (number[] | null)[] | null
  readonly zg: Float64Array | null
  readonly conditions: (FrameCondition | null)[] | null
}

export function runLabel(run: RunRow): string {
  return VARIANT_LABEL[run.model as SequenceVariant] ?? (run.model === 'anclaf' ? 'ANCLaF' : run.model)
}

const num = (x: number | null | undefined): number => (x === null || x === undefined ? NaN : x)

function series(frames: number, points: { readonly frames: readonly number[]; readonly valence: readonly (number | null)[]; readonly arousal: readonly (number | null)[] }) {
  const v = new Float64Array(frames).fill(NaN)
  const a = new Float64Array(frames).fill(NaN)
  points.frames.forEach((f, i) => {
    if (f < frames) {
      v[f] = num(points.valence[i])
      a[f] = num(points.arousal[i])
    }
  })
  return { v, a }
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0))
  let o = 0
  for (const p of parts) out.set(p, (o += p.length) - p.length)
  return out
}

/** The latest trace of `runId` per session. */
function latestBySession(ctx: AppContext, runId: string): Map<string, string> {
  const m = new Map<string, string>()
  for (const t of listRunTraces(ctx.db, runId)) m.set(t.sessionId, t.traceId)
  return m
}

function conditionsFor(meta: Partial<DatasetGoldMeta>, frames: number): (FrameCondition | null)[] {
  if (!meta.dataset || !meta.clipId || !existsSync(meta.dataset)) return new Array<null>(frames).fill(null)
  const clip = listClips(meta.dataset).find((c) => c.clipId === meta.clipId)
  if (!clip || (clip.degraded.length === 0 && clip.audioDegraded.length === 0)) return new Array<null>(frames).fill(null)
  return frameConditions(frames, clip.degraded, clip.audioDegraded)
}

/** From the store: `sessions` fixes the order (default: every session the run predicted). */
export function runFramesFromDb(ctx: AppContext, runId: string, sessions?: readonly string[]): RunFrames {
  const run = getRun(ctx.db, runId)
  if (!run) throw new AppError('NOT_FOUND', `no run '${runId}'`)
  const traces = latestBySession(ctx, runId)
  const units = sessions ?? [...traces.keys()]
  if (units.length === 0) throw new AppError('NOT_FOUND', `run ${runId} has no prediction traces in the store: circumplex infer --run ${runId} --session ID|--all`)
  const pv: Float64Array[] = []
  const pa: Float64Array[] = []
  const gv: Float64Array[] = []
  const ga: Float64Array[] = []
  const zg: Float64Array[] = []
  const att: (number[] | null)[] = []
  const cond: (FrameCondition | null)[] = []
  const starts: number[] = []
  let hasAtt = false
  let hasZg = false
  let offset = 0
  for (const s of units) {
    const traceId = traces.get(s)
    if (!traceId) throw new AppError('CONFLICT', `run ${runId} has no prediction on session ${s} (the other runs do): circumplex infer --run ${runId} --session ${s}`)
    const gold = listTraces(ctx.db, s).filter((t) => t.kind === 'gold').at(-1)
    if (!gold) throw new AppError('NOT_FOUND', `session ${s} has no gold trace (import it with circumplex import-dataset, or fuse one)`)
    const goldPts = getTracePoints(ctx.db, gold.id)
    const predPts = getTracePoints(ctx.db, traceId)
    const frames = Math.max(goldPts.frames.length ? goldPts.frames[goldPts.frames.length - 1] + 1 : 0, predPts.frames.length ? predPts.frames[predPts.frames.length - 1] + 1 : 0)
    // Every stored prediction is on the trace scale [−1, 1] (older native-scale stage-1 traces: migration 0007).
    const p = series(frames, predPts)
    const g = series(frames, goldPts)
    pv.push(p.v)
    pa.push(p.a)
    gv.push(g.v)
    ga.push(g.a)
    const a = getTraceExtra(ctx.db, traceId, 'attention')
    const rows = a ? attentionRows(a.data, Math.min(frames, a.frameCount), a.dims) : []
    hasAtt ||= a !== null
    for (let f = 0; f < frames; f++) att.push(rows[f] ?? null)
    const z = getTraceExtra(ctx.db, traceId, 'gate_mean')
    hasZg ||= z !== null
    zg.push(Float64Array.from({ length: frames }, (_, f) => (z && f < z.frameCount ? z.data[f] : NaN)))
    const metaRow = ctx.db.prepare('SELECT meta_json AS m FROM traces WHERE id = ?').get(gold.id) as { m: string }
    cond.push(...conditionsFor(JSON.parse(metaRow.m) as Partial<DatasetGoldMeta>, frames))
    starts.push(offset)
    offset += frames
  }
  return {
    runId,
    label: runLabel(run),
    source: 'db',
    units,
    sessionStarts: starts,
    pred: { valence: concat(pv), arousal: concat(pa) },
    gold: { valence: concat(gv), arousal: concat(ga) },
    attention: hasAtt ? att : null,
    zg: hasZg ? concat(zg) : null,
    conditions: cond.some((c) => c !== null) ? cond : null
  }
}

export function readTestPredictions(run: RunRow): TestPredictionsFile {
  const p = run.runDir ? join(run.runDir, TEST_PREDICTIONS) : null
  if (!p || !existsSync(p)) throw new AppError('NOT_FOUND', `run ${run.id} has no held-out predictions (${TEST_PREDICTIONS}: written by sequence training when the fold has test subjects)`)
  return JSON.parse(readFileSync(p, 'utf8')) as TestPredictionsFile
}

/** From the run folder's held-out predictions; `clips` fixes the order and must all be present. */
export function runFramesFromTest(ctx: AppContext, runId: string, clips?: readonly string[]): RunFrames {
  const run = getRun(ctx.db, runId)
  if (!run) throw new AppError('NOT_FOUND', `no run '${runId}'`)
  const file = readTestPredictions(run)
  const byId = new Map(file.clips.map((c) => [c.clipId, c]))
  const units = clips ?? file.clips.map((c) => c.clipId)
  const list = units.map((id) => {
    const c = byId.get(id)
    if (!c) throw new AppError('CONFLICT', `run ${runId} has no held-out predictions for clip ${id}: it was evaluated on other test subjects (fold ${file.fold})`)
    return c
  })
  const f64 = (xs: (number | null)[]) => Float64Array.from(xs, num)
  const starts: number[] = []
  let o = 0
  for (const c of list) starts.push((o += c.frames) - c.frames)
  const hasAtt = list.every((c) => c.attention !== null)
  const hasZg = list.every((c) => c.gateMean !== null)
  return {
    runId,
    label: file.label,
    source: 'test',
    units,
    sessionStarts: starts,
    pred: { valence: concat(list.map((c) => f64(c.valence))), arousal: concat(list.map((c) => f64(c.arousal))) },
    gold: { valence: concat(list.map((c) => f64(c.goldValence))), arousal: concat(list.map((c) => f64(c.goldArousal))) },
    attention: hasAtt ? list.flatMap((c) => attentionRows(Float32Array.from(c.attention!, num), c.frames, file.n)) : null,
    zg: hasZg ? concat(list.map((c) => f64(c.gateMean!))) : null,
    conditions: list.flatMap((c) => c.conditions)
  }
}

/** The run's frames from `source`, or (no source given) the store when the run has traces there, else its test file. */
export function runFrames(ctx: AppContext, runId: string, source?: FrameSource, units?: readonly string[]): RunFrames {
  const s = source ?? (listRunTraces(ctx.db, runId).length > 0 ? 'db' : 'test')
  return s === 'db' ? runFramesFromDb(ctx, runId, units) : runFramesFromTest(ctx, runId, units)
}
