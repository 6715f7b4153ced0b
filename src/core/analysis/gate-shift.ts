/**
 * Gate shift under degradation: does AVi-GaS move weight away from a degraded modality?
 *
 * ZG weighs the visual branch (thesis eq. 7.5, L1852: ZQ^G = ZG ⊙ h_v + (1 − ZG) ⊙ h_s), so the acceptance
 * check is: mean ZG **lower** on frames where only the video is degraded and **higher** where only the audio is
 * degraded, each compared with clean frames, printed with effect sizes (Cohen's d with pooled SD; Cliff's delta).
 * "both" is reported but not part of the check. Input is the per-frame gate scalar (mean ZG) and a per-frame
 * condition from the synthetic world's manifest; frames with missing ZG or no condition are excluded and counted.
 */
import { cliffsDelta, cohensD, groupStats, type EffectSize, type GroupStats } from './effect-size'
import { formatTextTable, formatValue } from './text-table'
import { assertLength, requireArg } from './types'

export type FrameCondition = 'clean' | 'video-degraded' | 'audio-degraded' | 'both'

export const FRAME_CONDITIONS: readonly FrameCondition[] = ['clean', 'video-degraded', 'audio-degraded', 'both']

export interface ConditionComparison {
  /** The degraded condition, compared with 'clean'. */
  readonly condition: Exclude<FrameCondition, 'clean'>
  /** mean ZG(condition) − mean ZG(clean); null when either group is empty. */
  readonly meanDifference: number | null
  /** Cohen's d (condition vs clean); negative = lower ZG (less weight on video). */
  readonly cohensD: EffectSize
  /** Cliff's delta (condition vs clean); negative = lower ZG. */
  readonly cliffsDelta: EffectSize
}

export interface GateShiftVerdict {
  /** mean ZG on video-only-degraded frames < clean; null when undecidable. */
  readonly videoDegradedLower: boolean | null
  /** mean ZG on audio-only-degraded frames > clean; null when undecidable. */
  readonly audioDegradedHigher: boolean | null
  /** Both hold; null when either is undecidable. */
  readonly passed: boolean | null
  readonly reason: string | null
}

export interface GateShiftResult {
  readonly byCondition: Readonly<Record<FrameCondition, GroupStats>>
  readonly comparisons: readonly ConditionComparison[]
  readonly verdict: GateShiftVerdict
  readonly nFrames: number
  /** Frames left out because ZG was missing. */
  readonly nMissingGate: number
  /** Frames left out because their condition was null/undefined. */
  readonly nMissingCondition: number
}

/** Mean ZG per condition, effect sizes against clean, and the acceptance verdict. */
export function gateShift(
  zg: ArrayLike<number>,
  conditions: readonly (FrameCondition | null | undefined)[]
): GateShiftResult {
  assertLength(conditions.length, zg.length, 'conditions', 'ZG')
  const groups: Record<FrameCondition, number[]> = { clean: [], 'video-degraded': [], 'audio-degraded': [], both: [] }
  let nMissingGate = 0
  let nMissingCondition = 0
  for (let i = 0; i < zg.length; i++) {
    const c = conditions[i]
    if (c == null) {
      nMissingCondition++
      continue
    }
    requireArg(FRAME_CONDITIONS.includes(c), `frame ${i} has unknown condition "${String(c)}"`)
    if (!Number.isFinite(zg[i])) {
      nMissingGate++
      continue
    }
    groups[c].push(zg[i])
  }
  const byCondition = {
    clean: groupStats(groups.clean),
    'video-degraded': groupStats(groups['video-degraded']),
    'audio-degraded': groupStats(groups['audio-degraded']),
    both: groupStats(groups.both)
  }
  const comparisons = (['video-degraded', 'audio-degraded', 'both'] as const).map(
    (c): ConditionComparison => {
      const m = byCondition[c].mean
      const m0 = byCondition.clean.mean
      return {
        condition: c,
        meanDifference: m === null || m0 === null ? null : m - m0,
        cohensD: cohensD(groups[c], groups.clean),
        cliffsDelta: cliffsDelta(groups[c], groups.clean)
      }
    }
  )
  const video = comparisons[0].meanDifference
  const audio = comparisons[1].meanDifference
  const reasons: string[] = []
  if (byCondition.clean.n === 0) reasons.push('no clean frames')
  if (byCondition['video-degraded'].n === 0) reasons.push('no video-only-degraded frames')
  if (byCondition['audio-degraded'].n === 0) reasons.push('no audio-only-degraded frames')
  const videoDegradedLower = video === null ? null : video < 0
  const audioDegradedHigher = audio === null ? null : audio > 0
  return {
    byCondition,
    comparisons,
    verdict: {
      videoDegradedLower,
      audioDegradedHigher,
      passed: videoDegradedLower === null || audioDegradedHigher === null ? null : videoDegradedLower && audioDegradedHigher,
      reason: reasons.length > 0 ? `undecidable: ${reasons.join(', ')}` : null
    },
    nFrames: zg.length,
    nMissingGate,
    nMissingCondition
  }
}

function verdictText(v: boolean | null): string {
  return v === null ? 'undecidable' : v ? 'yes' : 'NO'
}

/** Per-condition means and effect sizes as aligned text, then the verdict. */
export function formatGateShift(result: GateShiftResult): string {
  const cmp = new Map(result.comparisons.map((c) => [c.condition, c]))
  const body = FRAME_CONDITIONS.map((c) => {
    const s = result.byCondition[c]
    const k = c === 'clean' ? undefined : cmp.get(c)
    return [
      c,
      String(s.n),
      formatValue(s.mean),
      formatValue(s.sd),
      formatValue(s.median),
      k ? formatValue(k.meanDifference) : '—',
      k ? formatValue(k.cohensD.value, 2) : '—',
      k ? formatValue(k.cliffsDelta.value, 2) : '—'
    ]
  })
  const v = result.verdict
  const lines = [
    'Gate shift: ZG (weight on the visual branch) per frame condition, vs clean',
    formatTextTable([['condition', 'n', 'mean ZG', 'SD', 'median', 'Δmean', "Cohen's d", "Cliff's δ"]], body),
    `ZG lower where only video is degraded: ${verdictText(v.videoDegradedLower)}; ` +
      `higher where only audio is degraded: ${verdictText(v.audioDegradedHigher)}; ` +
      `check ${v.passed === null ? 'undecidable' : v.passed ? 'PASSED' : 'FAILED'}` +
      (v.reason ? ` (${v.reason})` : ''),
    `Frames: ${result.nFrames}` +
      (result.nMissingGate > 0 ? `, ${result.nMissingGate} without ZG` : '') +
      (result.nMissingCondition > 0 ? `, ${result.nMissingCondition} without a condition` : '') +
      (result.nMissingGate + result.nMissingCondition > 0 ? ' (excluded)' : '') +
      '. Effect sizes are frame-level; frames of a session are autocorrelated.'
  ]
  for (const c of result.comparisons) {
    for (const [name, e] of [["Cohen's d", c.cohensD], ["Cliff's δ", c.cliffsDelta]] as const) {
      if (e.reason) lines.push(`${c.condition} ${name} n/a: ${e.reason}`)
    }
  }
  return lines.join('\n')
}
