/**
 * Registered datasets: register a folder (or build one from sessions) as a job that reads and hashes it, then list,
 * show, edit the folds, re-check the hash, and remove the registration (never the folder).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type {
  DatasetCheck,
  DatasetDetail,
  DatasetFold,
  DatasetFoldsInfo,
  DatasetFormat,
  DatasetInfo,
  DatasetJobStart,
  DatasetSummary,
  FromSessionsRequest
} from '../../../shared/datasets'
import { AppError } from '../../../shared/ipc/errors'
import {
  deleteDataset,
  foldCounts,
  getDataset,
  getDatasetByPath,
  getFolds,
  insertDataset,
  listDatasets,
  replaceFolds,
  type DatasetRow
} from '../../db/queries/datasets'
import { listClips } from '../../engine/data/dataset-dir'
import type { AppContext } from '../app-context'
import { datasetHashStreamed } from './dataset-hash'
import { checkFolds, foldsKind, makeFolds } from './folds'
import { assertFormat, inspectFolder } from './folder'
import { planFromSessions } from './from-sessions'
import type { ScanJobArgs, ScanJobResult } from './scan-job'

export const SCAN_JOB_KIND = 'datasets:scan'

const EMPTY_SUMMARY: DatasetSummary = {
  version: 1,
  fps: 25,
  frames: 0,
  labelled: 0,
  clips: [],
  subjects: [],
  histogram: { bins: 20, counts: new Array<number>(400).fill(0), max: 0, total: 0 },
  frameCheck: 'none',
  warnings: ['the stored summary could not be read']
}

function parseSummary(json: string): DatasetSummary {
  try {
    const s = JSON.parse(json) as DatasetSummary
    return s && s.version === 1 && Array.isArray(s.subjects) ? s : EMPTY_SUMMARY
  } catch {
    return EMPTY_SUMMARY
  }
}

/** subject → clip ids, from a summary. */
export function subjectMap(summary: DatasetSummary): Map<string, string[]> {
  return new Map(summary.subjects.map((s) => [s.subjectId, [...s.clipIds]]))
}

function info(row: DatasetRow, summary: DatasetSummary, folds: number): DatasetInfo {
  return {
    id: row.id,
    name: row.name,
    path: row.path,
    format: row.format as DatasetFormat,
    source: row.source,
    dataHash: row.dataHash,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    subjects: summary.subjects.length,
    clips: summary.clips.length,
    frames: summary.frames,
    coverage: summary.frames > 0 ? summary.labelled / summary.frames : 0,
    folds
  }
}

function storedFolds(rows: ReturnType<typeof getFolds>): DatasetFoldsInfo {
  const parsed = rows.map((r) => ({ name: r.name, ...(JSON.parse(r.splitJson) as { train: string[]; val?: string[]; test: string[]; kind?: string; seed?: number | null }) }))
  const folds = parsed.map((s): DatasetFold => ({ name: s.name, train: s.train, val: s.val ?? [], test: s.test }))
  const kfold = parsed.length > 0 && parsed.every((s) => s.kind === 'subject-kfold')
  return kfold ? { kind: 'subject-kfold', seed: parsed[0].seed ?? null, folds } : { kind: 'custom', seed: null, folds }
}

function foldRows(f: DatasetFoldsInfo): Array<{ name: string; splitJson: string }> {
  return f.folds.map((x) => ({ name: x.name, splitJson: JSON.stringify({ train: x.train, val: x.val, test: x.test, kind: f.kind, seed: f.seed }) }))
}

/** Paths with a registration job under way, per app (refuses a second click before the first job has stored). */
const pending = new WeakMap<AppContext, Set<string>>()

export function datasetsService(ctx: AppContext) {
  const busy = pending.get(ctx) ?? new Set<string>()
  pending.set(ctx, busy)

  const requireRow = (id: string): DatasetRow => {
    const row = getDataset(ctx.db, id)
    if (!row) throw new AppError('NOT_FOUND', `no dataset ${id}`)
    return row
  }

  const newId = (): string => {
    for (;;) {
      const id = `ds-${randomBytes(4).toString('hex')}`
      if (!getDataset(ctx.db, id)) return id
    }
  }

  const refuseTaken = (path: string): void => {
    const other = getDatasetByPath(ctx.db, path)
    if (other) throw new AppError('CONFLICT', `${path} is already registered as '${other.name}' (${other.id})`)
    if (busy.has(path)) throw new AppError('CONFLICT', `${path} is being registered already`)
  }

  /** Starts the scan job; on its result, stores the dataset with its default folds. */
  const startScan = (id: string, name: string, source: 'folder' | 'sessions', args: ScanJobArgs): DatasetJobStart => {
    busy.add(args.dir)
    let job
    try {
      job = ctx.jobs.start({
        kind: SCAN_JOB_KIND,
        label: source === 'folder' ? `Register dataset ${name}` : `Build dataset ${name} from sessions`,
        args,
        onResult: (r) => {
          const { summary, dataHash } = r as ScanJobResult
          const folds = makeFolds(subjectMap(summary))
          ctx.db.transaction(() => {
            if (getDatasetByPath(ctx.db, args.dir)) throw new AppError('CONFLICT', `${args.dir} was registered meanwhile`)
            insertDataset(ctx.db, { id, name, path: args.dir, format: args.format, source, dataHash, summaryJson: JSON.stringify(summary) })
            if (folds.folds.length > 0) replaceFolds(ctx.db, id, foldRows(folds))
          })()
        }
      })
    } catch (e) {
      busy.delete(args.dir)
      throw e
    }
    void ctx.jobs.wait(job.id).then((end) => {
      busy.delete(args.dir)
      // A build from sessions that did not finish (a worker terminated mid-write) leaves nothing behind.
      if (end.state !== 'done' && args.write && existsSync(args.dir) && !getDatasetByPath(ctx.db, args.dir)) rmSync(args.dir, { recursive: true, force: true })
    })
    return { datasetId: id, path: args.dir, job }
  }

  const detail = (row: DatasetRow): DatasetDetail => {
    const summary = parseSummary(row.summaryJson)
    const folds = storedFolds(getFolds(ctx.db, row.id))
    return { dataset: info(row, summary, folds.folds.length), summary, folds }
  }

  return {
    list(): DatasetInfo[] {
      const counts = foldCounts(ctx.db)
      return listDatasets(ctx.db).map((r) => info(r, parseSummary(r.summaryJson), counts.get(r.id) ?? 0))
    },

    get: (id: string): DatasetDetail => detail(requireRow(id)),

    /** Cheap checks now (folder, manifest, label files); reading, checking lengths and hashing run as a job. */
    register(path: string, format: string, name?: string): DatasetJobStart {
      assertFormat(format)
      const dir = resolve(path)
      refuseTaken(dir)
      inspectFolder(dir, format)
      const title = (name ?? '').trim() || basename(dir) || dir
      if (title.length > 200) throw new AppError('INVALID_ARGUMENT', 'dataset names have at most 200 characters')
      return startScan(newId(), title, 'folder', { dir, format })
    },

    /** Writes <data dir>/datasets/<id>/ from sessions (in the job) and registers it with source 'sessions'. */
    fromSessions(req: FromSessionsRequest): DatasetJobStart {
      const name = req.name.trim()
      if (name.length === 0 || name.length > 200) throw new AppError('INVALID_ARGUMENT', 'dataset names have 1 to 200 characters')
      const plan = planFromSessions(ctx.db, req)
      const id = newId()
      const dir = join(ctx.layout.root, 'datasets', id)
      return startScan(id, name, 'sessions', { dir, format: plan.format, write: { dir, name, fps: plan.fps, clips: plan.clips } })
    },

    /** Replaces the folds after checking them against the dataset's subjects. `seed`: the k-fold seed they came from, if any. */
    saveFolds(id: string, folds: readonly DatasetFold[], seed?: number | null): DatasetDetail {
      const row = requireRow(id)
      const subjects = subjectMap(parseSummary(row.summaryJson))
      const checked = checkFolds(folds, subjects)
      replaceFolds(ctx.db, id, foldRows(foldsKind(checked, subjects, seed)))
      return detail(requireRow(id))
    },

    /** Forgets the registration and its folds; the folder on disk is left as it is. */
    remove(id: string): { datasetId: string; path: string } {
      const row = requireRow(id)
      deleteDataset(ctx.db, id)
      return { datasetId: id, path: row.path }
    },

    /** Re-hashes the folder (streamed, off the event loop's critical path) and compares with the registered hash. */
    async check(id: string): Promise<DatasetCheck> {
      const row = requireRow(id)
      const base = { datasetId: id, registeredHash: row.dataHash }
      let currentHash: string
      try {
        currentHash = await datasetHashStreamed(listClips(row.path), row.format as DatasetFormat)
      } catch (e) {
        return { ...base, same: false, currentHash: null, message: `${row.path} can no longer be read: ${(e as Error).message}` }
      }
      const same = currentHash === row.dataHash
      return { ...base, same, currentHash, message: same ? null : `${row.path} changed since it was registered (data hash ${row.dataHash.slice(0, 12)}… → ${currentHash.slice(0, 12)}…)` }
    }
  }
}

export type DatasetsService = ReturnType<typeof datasetsService>
