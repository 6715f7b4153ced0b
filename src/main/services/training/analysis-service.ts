/**
 * `circumplex analyze` and `circumplex compare` over stored run outputs (the analyses themselves are the pure
 * core/analysis functions):
 * - analyze: ΔW^a tables (Tables 7.3/7.4, both segment modes), ΔW_G and T_ZG tables (7.7-7.10) and the gate shift per
 *   synthetic-manifest condition, on the run's frames (run-frames.ts), with optional -De baseline and compared runs
 *   loaded on the same sessions / clips.
 * - compare: the Tables 7.5/7.6 model table from each run's held-out predictions; runs of the same model on different
 *   folds form that model's folds; runs not evaluated on the same folds and frames are refused (CONFLICT).
 */
import { analyzeRun, buildModelTable, type FoldConvention, type IccKind, type ModelTable, type RunAnalysis, type RunEvaluation, type SegmentMode, type SpreadDefinition } from '../../../core/analysis'
import { AppError } from '../../../shared/ipc/errors'
import { getRun } from '../../db/queries/runs'
import type { AppContext } from '../app-context'
import { readTestPredictions, runFrames, runLabel, type FrameSource, type RunFrames } from './run-frames'

export interface AnalyzeOptions {
  readonly source?: FrameSource
  readonly baseline?: string
  readonly compare?: readonly string[]
  readonly modes?: readonly SegmentMode[]
  readonly spread?: SpreadDefinition
}

export interface AnalyzeResult {
  readonly source: FrameSource
  readonly units: readonly string[]
  readonly frames: number
  readonly analysis: RunAnalysis
}

const predOf = (f: RunFrames) => ({ valence: f.pred.valence, arousal: f.pred.arousal })

export function analyzeStoredRun(ctx: AppContext, runId: string, o: AnalyzeOptions = {}): AnalyzeResult {
  const main = runFrames(ctx, runId, o.source)
  const other = (id: string): RunFrames => {
    const f = runFrames(ctx, id, main.source, main.units)
    if (f.pred.valence.length !== main.pred.valence.length) throw new AppError('CONFLICT', `run ${id} covers ${f.pred.valence.length} frames of these sessions but run ${runId} ${main.pred.valence.length}`)
    return f
  }
  const baseline = o.baseline ? other(o.baseline) : null
  const compared = (o.compare ?? []).map(other)
  const label = (f: RunFrames, taken: Set<string>) => {
    let l = f.label
    for (let k = 2; taken.has(l); k++) l = `${f.label} (${k})`
    taken.add(l)
    return l
  }
  const taken = new Set([main.label])
  const analysis = analyzeRun({
    run: {
      id: runId,
      label: main.label,
      pred: predOf(main),
      ...(main.attention ? { attention: main.attention } : {}),
      ...(main.zg ? { zg: main.zg } : {}),
      sessionStarts: main.sessionStarts
    },
    gold: main.gold,
    ...(baseline ? { baseline: { model: label(baseline, taken), pred: predOf(baseline) } } : {}),
    compared: compared.map((c) => ({ model: label(c, taken), pred: predOf(c) })),
    ...(main.conditions ? { conditions: main.conditions } : {}),
    ...(o.modes ? { modes: o.modes } : {}),
    ...(o.spread ? { spreadDefinition: o.spread } : {})
  })
  return { source: main.source, units: main.units, frames: main.pred.valence.length, analysis }
}

export interface CompareOptions {
  readonly convention?: FoldConvention
  readonly icc?: IccKind
}

/** One row per model (variant label); each run contributes its fold's held-out frames. */
export function compareStoredRuns(ctx: AppContext, runIds: readonly string[], o: CompareOptions = {}): ModelTable {
  if (runIds.length === 0) throw new AppError('INVALID_ARGUMENT', 'name at least one run')
  const byLabel = new Map<string, { runIds: string[]; folds: RunEvaluation['folds'][number][] }>()
  for (const id of runIds) {
    const run = getRun(ctx.db, id)
    if (!run) throw new AppError('NOT_FOUND', `no run '${id}'`)
    const file = readTestPredictions(run)
    const label = runLabel(run)
    const entry = byLabel.get(label) ?? { runIds: [], folds: [] }
    if (entry.folds.some((f) => f.fold === file.fold)) throw new AppError('INVALID_ARGUMENT', `two ${label} runs on fold ${file.fold} (${entry.runIds.join(', ')}, ${id}): give one run per model and fold`)
    const keys: string[] = []
    const cat = (pick: (c: (typeof file.clips)[number]) => (number | null)[]) => Float64Array.from(file.clips.flatMap(pick), (x) => (x === null ? NaN : x))
    for (const c of file.clips) for (let f = 0; f < c.frames; f++) keys.push(`${c.clipId}:${f}`)
    entry.runIds.push(id)
    entry.folds.push({
      fold: file.fold,
      pred: { valence: cat((c) => c.valence), arousal: cat((c) => c.arousal) },
      gold: { valence: cat((c) => c.goldValence), arousal: cat((c) => c.goldArousal) },
      frameKeys: keys
    })
    byLabel.set(label, entry)
  }
  const runs: RunEvaluation[] = [...byLabel].map(([label, e]) => ({ runId: e.runIds.join('+'), label, folds: e.folds }))
  return buildModelTable(runs, { ...o, title: 'Model comparison on held-out subjects (layout of thesis Tables 7.5/7.6)' })
}
