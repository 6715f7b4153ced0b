import { basename } from 'node:path'
import type { JobInfo } from '../../../shared/domain'
import { AppError } from '../../../shared/ipc/errors'
import { resolveTracker } from '../../faces/trackers/registry'
import type { AppContext } from '../app-context'
import { IMPORT_DEFAULTS, type ImportJobArgs, type ImportJobResult } from './import-job'
import { storeImport } from './store-import'
import { summarizeImport, type ImportSummary } from './import-summary'
import { profileMark } from './import-profile'

export interface ImportOptions {
  readonly name?: string
  readonly faces?: boolean
  readonly spectrogram?: boolean
  /** Landmark tracker of the face pass: 'default' (absent) or a trained tracker's id (see resolveTracker). */
  readonly tracker?: string
  readonly isDemo?: boolean
  /** More writes inside the session's transaction. */
  readonly within?: (sessionId: string) => void
  /** Called on main with the stored session (CLI prints it). */
  readonly onStored?: (sessionId: string, summary: ImportSummary) => void
}

function isImportResult(r: unknown): r is ImportJobResult {
  return typeof r === 'object' && r !== null && 'facts' in r && 'contentHash' in r
}

/** Starts an import job; the session is written in one transaction when the job has finished. */
export function importService(ctx: AppContext) {
  function start(path: string, opts: ImportOptions = {}): JobInfo {
    profileMark('import-start')
    // An unknown or unfinished tracker is refused here (NOT_FOUND / INVALID_ARGUMENT), before any work starts.
    const spec = opts.tracker === undefined || opts.tracker === 'default' ? undefined : resolveTracker(ctx.db, opts.tracker)
    const args: ImportJobArgs = {
      path,
      cacheDir: ctx.layout.cacheDir,
      faces: opts.faces ?? IMPORT_DEFAULTS.faces,
      spectrogram: opts.spectrogram ?? IMPORT_DEFAULTS.spectrogram,
      maxSide: IMPORT_DEFAULTS.maxSide,
      workerPath: ctx.workerPath,
      // CIRCUMPLEX_FACE_THREADS forces the face pass's thread count; unset, it follows the clip's length.
      parallel: Number(ctx.env.CIRCUMPLEX_FACE_THREADS) || undefined,
      ...(spec && spec.kind === 'trained' ? { tracker: spec } : {})
    }
    return ctx.jobs.start({
      kind: 'media:import',
      label: spec && spec.kind === 'trained' ? `Importing ${basename(path)} (tracker: ${spec.label})` : `Importing ${basename(path)}`,
      args,
      onResult: (result) => {
        if (!isImportResult(result)) throw new AppError('JOB_FAILED', 'import returned malformed data')
        profileMark('result-received')
        const { sessionId } = storeImport(ctx.db, result, { name: opts.name ?? basename(path), isDemo: opts.isDemo, within: opts.within })
        profileMark('stored')
        ctx.events.emit('sessions:changed', { sessionId })
        opts.onStored?.(sessionId, summarizeImport(result))
      }
    })
  }
  return { start }
}
