/**
 * One call for `circumplex analyze --run <id>`: every ch.7 analysis of a run's per-frame outputs, as JSON-safe
 * data plus a text rendering. The caller (CLI / service) loads the frames; nothing here does I/O.
 *
 * - ΔW^a tables (layout of Tables 7.3/7.4) in each requested mode ('above' and 'at-most' by default), when the run
 *   stored attention. With a `baseline` (the run's -De counterpart) the rows are baseline / run with the run's gain
 *   over it; without one, the run's own inside-vs-outside comparison is still in every cell.
 * - Gate tables, when the run stored gates (AVi-GaS): ΔW_G (Tables 7.7/7.8; the run's own attention by default)
 *   and T_ZG (Tables 7.9/7.10), with the run as the reference row over the `compared` models.
 * - The gate shift per frame condition, when conditions are given (synthetic world manifest).
 */
import {
  accuracyGainTable,
  attentionGainRows,
  formatGainTable,
  referenceGainRows,
  type GainRowSpec,
  type GainTable,
  type ModelPredictions
} from './accuracy-gain'
import {
  attentionSpreadPerFrame,
  DELTA_WA_LEVELS,
  SEGMENT_MODE_LABELS,
  SPREAD_DEFINITION_LABELS,
  spreadSegments,
  type SegmentMode,
  type SpreadDefinition
} from './attention-spread'
import {
  deltaWgSegments,
  gateThresholdSegments,
  T_ZG_THRESHOLDS,
  type DeltaWgInput,
  type DeltaWgSource
} from './gate-segments'
import { formatGateShift, gateShift, type FrameCondition, type GateShiftResult } from './gate-shift'
import type { FrameSegment, VaSeries } from './types'
import { requireArg } from './types'

export interface AnalyzedRun {
  readonly id: string
  /** Row label, e.g. "AVi-GaS". */
  readonly label: string
  readonly pred: VaSeries
  /** Per-frame attention weights over the window (null where none was stored). */
  readonly attention?: readonly (ArrayLike<number> | null | undefined)[]
  /** Per-frame gate scalar (mean ZG); absent for models without a gate. */
  readonly zg?: ArrayLike<number>
  /** First frame of each concatenated session (for window-based ΔW_G); default [0]. */
  readonly sessionStarts?: readonly number[]
}

export interface RunAnalysisInput {
  readonly run: AnalyzedRun
  readonly gold: VaSeries
  /** The run's counterpart without sequence modelling (-De) on the same frames, for Tables 7.3/7.4 gains. */
  readonly baseline?: ModelPredictions
  /** Other models on the same frames, compared against the run in the gate tables (Tables 7.7-7.10). */
  readonly compared?: readonly ModelPredictions[]
  /** Per-frame condition for the gate-shift check. */
  readonly conditions?: readonly (FrameCondition | null | undefined)[]
  /** Default both modes. */
  readonly modes?: readonly SegmentMode[]
  readonly spreadDefinition?: SpreadDefinition
  readonly levels?: readonly number[]
  readonly thresholds?: readonly number[]
  /** ΔW_G reading; default 'gated-model-attention'. 'gate-window-range' needs `deltaWgWindow`. */
  readonly deltaWgSource?: DeltaWgSource
  readonly deltaWgWindow?: number
}

export interface RunAnalysis {
  readonly runId: string
  readonly label: string
  readonly definitions: {
    readonly spread: string
    readonly modes: Readonly<Partial<Record<SegmentMode, string>>>
    readonly deltaWg: string
    readonly tZg: string
    readonly gain: string
  }
  readonly attention: {
    readonly nUndefined: number
    readonly tables: Readonly<Partial<Record<SegmentMode, GainTable>>>
  } | null
  readonly gates: {
    readonly deltaWg: Readonly<Partial<Record<SegmentMode, GainTable>>>
    readonly tZg: GainTable
  } | null
  readonly gateShift: GateShiftResult | null
  /** Why a part is null. */
  readonly skipped: readonly string[]
}

/** All ch.7 analyses of one run. Throws on malformed input (lengths, unknown modes), never on empty segments. */
export function analyzeRun(input: RunAnalysisInput): RunAnalysis {
  const { run, gold } = input
  const modes = input.modes ?? ['above', 'at-most']
  requireArg(modes.length > 0, 'at least one segment mode is needed')
  const definition = input.spreadDefinition ?? 'range'
  const levels = input.levels ?? DELTA_WA_LEVELS
  const source = input.deltaWgSource ?? 'gated-model-attention'
  const runModel: ModelPredictions = { model: run.label, pred: run.pred }
  const skipped: string[] = []
  const table = (
    title: string,
    models: readonly ModelPredictions[],
    segments: readonly FrameSegment[],
    rows: GainRowSpec[],
    layout: GainTable['layout']
  ): GainTable => accuracyGainTable({ title, gold, models, segments, rows, layout })

  let attention: RunAnalysis['attention'] = null
  if (run.attention) {
    const spread = attentionSpreadPerFrame(run.attention, definition)
    const models = input.baseline ? [input.baseline, runModel] : [runModel]
    const rows = input.baseline ? attentionGainRows([[input.baseline.model, run.label]]) : [{ model: run.label }]
    const tables: Partial<Record<SegmentMode, GainTable>> = {}
    for (const mode of modes) {
      const segments = spreadSegments(spread.values, { levels, mode })
      const layout = input.baseline ? 'attention' : 'custom'
      tables[mode] = table(`ΔW^a segments (${mode}), layout of thesis Tables 7.3/7.4`, models, segments, rows, layout)
    }
    attention = { nUndefined: spread.nUndefined, tables }
  } else skipped.push('ΔW^a: the run stored no attention weights')

  let gates: RunAnalysis['gates'] = null
  if (run.zg) {
    const compared = input.compared ?? []
    const models = [...compared, runModel]
    const rows = compared.length > 0 ? referenceGainRows(compared.map((m) => m.model), run.label) : [{ model: run.label }]
    const layout = compared.length > 0 ? 'reference' : 'custom'
    const deltaWg: Partial<Record<SegmentMode, GainTable>> = {}
    const canDeltaWg = source === 'gate-window-range' ? input.deltaWgWindow !== undefined : run.attention !== undefined
    for (const mode of canDeltaWg ? modes : []) {
      const wg: DeltaWgInput =
        source === 'gate-window-range'
          ? { source, zg: run.zg, windowLength: input.deltaWgWindow as number, sessionStarts: run.sessionStarts }
          : { source, attention: run.attention ?? [], definition }
      const r = deltaWgSegments(wg, { mode, levels })
      deltaWg[mode] = table(`ΔW_G segments (${mode}), layout of thesis Tables 7.7/7.8`, models, r.segments, rows, layout)
    }
    if (!canDeltaWg) {
      const why = source === 'gate-window-range' ? 'no window length given' : 'the run stored no attention weights'
      skipped.push(`ΔW_G: ${why}`)
    }
    const tZgSegments = gateThresholdSegments(run.zg, input.thresholds ?? T_ZG_THRESHOLDS)
    const tZg = table('T_ZG segments, layout of thesis Tables 7.9/7.10', models, tZgSegments, rows, layout)
    gates = { deltaWg, tZg }
  } else skipped.push('ΔW_G / T_ZG: the run stored no gate values (not a gated model)')

  let shift: GateShiftResult | null = null
  if (run.zg && input.conditions) shift = gateShift(run.zg, input.conditions)
  else skipped.push(`gate shift: ${run.zg ? 'no per-frame conditions given' : 'no gate values'}`)

  const modeLabels: Partial<Record<SegmentMode, string>> = {}
  for (const m of modes) modeLabels[m] = SEGMENT_MODE_LABELS[m]
  return {
    runId: run.id,
    label: run.label,
    definitions: {
      spread: SPREAD_DEFINITION_LABELS[definition],
      modes: modeLabels,
      deltaWg:
        source === 'gated-model-attention'
          ? 'ΔW_G = ΔW^a of the gated model’s attention (thesis 001:L2042)'
          : 'ΔW_G = 100·(max − min) of the per-frame mean ZG over the window',
      tZg: 'inside iff ZG < T or ZG > 1 − T, ZG = per-frame mean gate (thesis 001:L2040)',
      gain: 'relative change in %, positive = better: RMSE 100·(base − x)/base, COR/CCC 100·(x − base)/|base|'
    },
    attention,
    gates,
    gateShift: shift,
    skipped
  }
}

/** Text rendering of `analyzeRun`'s result: definitions, then each table. */
export function formatRunAnalysis(a: RunAnalysis): string {
  const parts = [
    `Analysis of run ${a.runId} (${a.label})`,
    `ΔW: ${a.definitions.spread}`,
    ...Object.entries(a.definitions.modes).map(([m, l]) => `mode ${m}: ${l}`),
    `ΔW_G: ${a.definitions.deltaWg}`,
    `T_ZG: ${a.definitions.tZg}`
  ]
  const sections: string[] = [parts.join('\n')]
  if (a.attention) for (const t of Object.values(a.attention.tables)) if (t) sections.push(formatGainTable(t))
  if (a.gates) {
    for (const t of Object.values(a.gates.deltaWg)) if (t) sections.push(formatGainTable(t))
    sections.push(formatGainTable(a.gates.tZg))
  }
  if (a.gateShift) sections.push(formatGateShift(a.gateShift))
  if (a.skipped.length > 0) sections.push(a.skipped.map((s) => `skipped — ${s}`).join('\n'))
  return sections.join('\n\n')
}
