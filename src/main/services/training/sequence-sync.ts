/**
 * A sequence run's folder record (`<runDir>/sequence.json`) → the store: run_epochs (every epoch of every stage,
 * numbered across stages, the stage index / window / attention in the metrics; the stage in progress too, so curves
 * move live), run_checkpoints (one per finished stage, the last one best) and config_json's stage records.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { replaceRunCheckpoints, replaceRunEpochs, setRunConfigJson, type EpochRow, type RunRow } from '../../db/queries/runs'
import type { AppContext } from '../app-context'
import { SEQUENCE_HISTORY, type SequenceHistory } from './sequence-train-job'

/** run_epochs rows of a sequence record: epochs numbered across stages; test rows at each stage's selected epoch. */
export function sequenceEpochRows(h: SequenceHistory): EpochRow[] {
  const rows: EpochRow[] = []
  let offset = 0
  h.stages.forEach((st, i) => {
    const tag = { stage_index: i, window: st.n, attention: st.attention ? 1 : 0 }
    for (const e of st.epochs) rows.push({ epoch: offset + e.epoch, split: 'val', metrics: { ...e.val, ...tag }, losses: { affect: e.loss }, wallS: e.wallS })
    if (st.test) rows.push({ epoch: offset + st.bestEpoch, split: 'test', metrics: { ...st.test.all, ...tag }, losses: {}, wallS: null })
    offset += st.epochs.length
  })
  const cur = h.current
  if (cur) {
    const tag = { stage_index: h.stages.length, window: cur.n, attention: cur.attention ? 1 : 0 }
    for (const e of cur.epochs) rows.push({ epoch: offset + e.epoch, split: 'val', metrics: { ...e.val, ...tag }, losses: { affect: e.loss }, wallS: e.wallS })
  }
  return rows
}

/** Copies `<runDir>/sequence.json` into the store (epochs, checkpoints, config_json with the stage records). */
export function syncSequenceRun(ctx: AppContext, run: RunRow): SequenceHistory | null {
  if (!run.runDir) return null
  const p = join(run.runDir, SEQUENCE_HISTORY)
  if (!existsSync(p)) return null
  const h = JSON.parse(readFileSync(p, 'utf8')) as SequenceHistory
  replaceRunEpochs(ctx.db, run.id, sequenceEpochRows(h))
  let offset = 0
  const cks = h.stages.map((st, i) => {
    const row = { epoch: offset + st.bestEpoch, path: st.checkpoint, isBest: i === h.stages.length - 1 }
    offset += st.epochs.length
    return row
  })
  replaceRunCheckpoints(ctx.db, run.id, cks.filter((c) => existsSync(c.path)))
  const cfg = JSON.parse(run.configJson) as Record<string, unknown>
  const stages = h.stages.map((s) => ({
    name: s.name,
    n: s.n,
    attention: s.attention,
    initFrom: s.initFrom,
    bestEpoch: s.bestEpoch,
    epochs: s.epochs.length,
    windows: s.windows,
    wallS: s.wallS,
    initialValCcc: s.initialVal.ccc_mean,
    val: s.val,
    test: s.test?.all ?? null,
    testByCondition: s.test?.byCondition ?? null,
    checkpoint: s.checkpoint
  }))
  setRunConfigJson(ctx.db, run.id, JSON.stringify({ ...cfg, status: h.status, dims: h.dims, clips: h.clips, final: h.final, stages }))
  return h
}
