/**
 * Run tags and run comparison over the store: runs:set-tags, runs:compare (thesis Tables 7.5/7.6 layout, runs of
 * one configuration over folds as one row) and runs:config-diff. Reads only the database (cheap: ≤ 20 runs and
 * their epoch records), so it runs inline rather than as a job. The pure parts live in core/compare.
 */
import type { Database } from 'better-sqlite3'
import { buildComparison, diffConfigs, editTags, normalizeTags, type CompareInput } from '../../../core/compare'
import type { CompareResult, ConfigDiffResult, ConfigDiffSide, RunTagsResult } from '../../../shared/compare'
import { AppError } from '../../../shared/ipc/errors'
import { replaceRunTags } from '../../db/queries/run-tags'
import { getRun, getRunEpochs, getRunTags, type RunRow } from '../../db/queries/runs'
import { VARIANT_LABEL } from '../../engine/models/sequence/config'

/** The model's name as the thesis tables print it (Vi-DeS, AVi-GaS, ANCLaF), as `circumplex compare` labels it. */
function runLabel(r: RunRow): string {
  return (VARIANT_LABEL as Readonly<Record<string, string>>)[r.model] ?? (r.model === 'anclaf' ? 'ANCLaF' : r.model)
}

function mustGet(db: Database, runId: string): RunRow {
  const r = getRun(db, runId)
  if (!r) throw new AppError('NOT_FOUND', `no run '${runId}'`)
  return r
}

function parseConfig(r: RunRow): unknown {
  try {
    return JSON.parse(r.configJson) as unknown
  } catch {
    return r.configJson
  }
}

function inputOf(db: Database, r: RunRow): CompareInput {
  return {
    runId: r.id,
    label: runLabel(r),
    model: r.model,
    preset: r.preset,
    fold: r.fold,
    status: r.status,
    dataHash: r.dataHash,
    codeVersion: r.codeVersion,
    backend: r.backend,
    wallS: r.wallS,
    tags: getRunTags(db, r.id),
    config: parseConfig(r),
    epochs: getRunEpochs(db, r.id)
  }
}

function side(r: RunRow): ConfigDiffSide {
  return { runId: r.id, label: `${runLabel(r)} · ${r.preset}`, fold: r.fold, dataHash: r.dataHash, codeVersion: r.codeVersion }
}

export function compareService(db: Database) {
  return {
    /** Sets a run's tags (normalised: trimmed, lower case, de-duplicated, sorted); returns what is stored. */
    setTags(runId: string, tags: readonly string[]): RunTagsResult {
      mustGet(db, runId)
      const clean = normalizeTags(tags)
      replaceRunTags(db, runId, clean)
      return { runId, tags: getRunTags(db, runId) }
    },
    /** Adds or removes some tags of a run; `missing` = tags asked to be removed that the run did not have. */
    editTags(runId: string, tags: readonly string[], mode: 'add' | 'remove'): RunTagsResult & { missing: string[] } {
      mustGet(db, runId)
      const next = editTags(getRunTags(db, runId), tags, mode)
      replaceRunTags(db, runId, next.tags)
      return { runId, tags: getRunTags(db, runId), missing: next.missing }
    },
    compare(runIds: readonly string[]): CompareResult {
      const ids = [...new Set(runIds)]
      if (ids.length < 2) throw new AppError('INVALID_ARGUMENT', 'choose at least two different runs to compare')
      return buildComparison(ids.map((id) => inputOf(db, mustGet(db, id))))
    },
    configDiff(a: string, b: string): ConfigDiffResult {
      const ra = mustGet(db, a)
      const rb = mustGet(db, b)
      const d = diffConfigs(parseConfig(ra), parseConfig(rb))
      return {
        a: side(ra),
        b: side(rb),
        entries: d.entries,
        equalLeaves: d.equalLeaves,
        dataHashDiffers: ra.dataHash !== rb.dataHash,
        codeVersionDiffers: ra.codeVersion !== rb.codeVersion
      }
    }
  }
}
