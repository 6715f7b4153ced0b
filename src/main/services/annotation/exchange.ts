/**
 * CSV/JSON exchange of traces: export any traces of a session (or of every session of a project) in one of the
 * formats of ./exchange-formats.ts, and import such a file as an annotation trace with a preview and a mapping
 * (column, scale, rate, offset) onto the video's real frame timestamps (core/traces resampling).
 *
 * Length guard: a trace whose frame span (last frame + 1) differs from the video's frame count, or a file that
 * does not fit the video, is refused with LENGTH_MISMATCH unless `allowLengthMismatch` (then it is written/read
 * with a warning). Parse problems are PARSE_ERROR naming the line and field; nothing is written on any error.
 */
import type { Database } from 'better-sqlite3'
import type { ExchangeFormat, ExportedFile, ImportMapping, ImportPreview, ImportResult } from '../../../shared/annotation'
import { AppError } from '../../../shared/ipc/errors'
import { resampleTrace, rescale } from '../../../core/traces'
import { getAnnotator, getProject } from '../../db/queries/annotation'
import { getFrameTimestamps, getSession } from '../../db/queries/sessions'
import { getTracePoints, getTraceSummary, insertTrace } from '../../db/queries/traces'
import { recordEdit } from './edit-log'
import { NATIVE_SCALE, FILE_EXTENSIONS, decode, encode, gridRate, isGridFormat, type Decoded, type EncodeInput } from './exchange-formats'
import { emptyRange, f32 } from './va-blob'

export interface ExportOptions {
  readonly format: ExchangeFormat
  readonly allowLengthMismatch?: boolean
  /** Dimension written by single-value formats (nova, carma). Default valence. */
  readonly dimension?: 'valence' | 'arousal'
  /** Grid rate (Hz) of nova/darma/carma; default the video's nominal fps. */
  readonly rateHz?: number
}

const SCALES: Readonly<Record<NonNullable<ImportMapping['scale']>, readonly [number, number]>> = {
  '-1,1': [-1, 1],
  '-10,10': [-10, 10],
  '0,1': [0, 1]
}

function sessionVideo(db: Database, sessionId: string) {
  const s = getSession(db, sessionId)
  if (!s) throw new AppError('NOT_FOUND', `no session ${sessionId}`)
  const pts = getFrameTimestamps(db, sessionId)
  if (!s.video || !pts) throw new AppError('NOT_FOUND', `session ${sessionId} has no video to align the trace with`)
  return { session: s, pts, fps: s.video.fps }
}

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 80) || 'trace'

/** Exports one trace of a session. */
export function exportTrace(db: Database, traceId: string, opts: ExportOptions): ExportedFile {
  const t = getTraceSummary(db, traceId)
  if (!t) throw new AppError('NOT_FOUND', `no trace ${traceId}`)
  const { session, pts, fps } = sessionVideo(db, t.sessionId)
  const n = pts.length
  const warnings: string[] = []
  const span = t.lastFrame === null ? 0 : t.lastFrame + 1
  if (span !== n) {
    const msg = `trace '${t.name}' spans ${span} frame(s) but the video of session '${session.name}' has ${n}`
    if (!opts.allowLengthMismatch) throw new AppError('LENGTH_MISMATCH', `${msg}; refused (allow it with --allow-length-mismatch)`)
    warnings.push(`${msg}; ${span > n ? `${span - n} frame(s) past the video dropped` : `frames ${span}..${n - 1} written as missing`}`)
  }
  const p = getTracePoints(db, traceId, 0, n - 1)
  const valence = new Float64Array(n).fill(NaN)
  const arousal = new Float64Array(n).fill(NaN)
  p.frames.forEach((f, i) => {
    valence[f] = p.valence[i] ?? NaN
    arousal[f] = p.arousal[i] ?? NaN
  })
  let input: EncodeInput = { name: t.name, sessionName: session.name, times: Float64Array.from(pts), valence, arousal, dimension: opts.dimension ?? 'valence' }
  if (isGridFormat(opts.format)) {
    const rate = gridRate(opts.format, fps, opts.rateHz)
    const count = Math.floor((pts[n - 1] - pts[0]) * rate + 1e-6) + 1
    const grid = Float64Array.from({ length: count }, (_, k) => pts[0] + k / rate)
    const at = (x: Float64Array) => resampleTrace({ times: pts, values: x }, grid).values
    input = { ...input, times: grid, valence: at(valence), arousal: at(arousal) }
  }
  const text = encode(opts.format, input, warnings)
  const rows = text.length === 0 ? 0 : opts.format === 'afew-va' ? n : text.trimEnd().split('\n').length - (opts.format === 'nova' ? 0 : 1)
  return { sessionId: t.sessionId, traceId, fileName: `${safeName(session.name)}.${safeName(t.name)}.${FILE_EXTENSIONS[opts.format]}`, text, rows, warnings }
}

/** Exports the chosen traces (default: every trace) of a session or of every session of a project. */
export function exportTraces(db: Database, target: { sessionId?: string; projectId?: string; traceIds?: readonly string[] }, opts: ExportOptions): ExportedFile[] {
  let sessionIds: readonly string[]
  if (target.projectId !== undefined) {
    const p = getProject(db, target.projectId)
    if (!p) throw new AppError('NOT_FOUND', `no project ${target.projectId}`)
    sessionIds = p.sessionIds
  } else if (target.sessionId !== undefined) sessionIds = [target.sessionId]
  else throw new AppError('INVALID_ARGUMENT', 'name a session or a project')
  const files: ExportedFile[] = []
  for (const sid of sessionIds) {
    if (!getSession(db, sid)) throw new AppError('NOT_FOUND', `no session ${sid}`)
    const ids = (db.prepare('SELECT id FROM traces WHERE session_id = ? ORDER BY created_at, id').all(sid) as { id: string }[]).map((r) => r.id)
    const chosen = target.traceIds ? ids.filter((id) => target.traceIds?.includes(id)) : ids
    for (const id of chosen) files.push(exportTrace(db, id, opts))
  }
  const unknown = (target.traceIds ?? []).filter((id) => !files.some((f) => f.traceId === id))
  if (unknown.length > 0) throw new AppError('NOT_FOUND', `trace(s) ${unknown.join(', ')} are not in the ${target.projectId ? 'project' : 'session'}`)
  return files
}

function stats(x: Float64Array | null) {
  if (x === null) return null
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let k = 0
  for (const v of x) {
    if (!Number.isFinite(v)) continue
    min = Math.min(min, v)
    max = Math.max(max, v)
    sum += v
    k++
  }
  return k === 0 ? { min: NaN, max: NaN, mean: NaN, missing: x.length } : { min, max, mean: sum / k, missing: x.length - k }
}

interface Mapped {
  readonly preview: ImportPreview
  /** Interleaved float32 pairs for every video frame. */
  readonly values: Float32Array
}

/** Parses and maps a file onto a session's frames without writing anything. */
export function mapImport(db: Database, sessionId: string, format: ExchangeFormat, text: string, mapping: ImportMapping = {}, allowLengthMismatch = false): Mapped {
  const { pts, fps } = sessionVideo(db, sessionId)
  const n = pts.length
  const declared = mapping.scale ? SCALES[mapping.scale] : NATIVE_SCALE[format]
  const rate = mapping.rateHz ?? (format === 'sewa' ? 10 : fps)
  const d: Decoded = decode(format, text, declared, rate)
  const warnings: string[] = []
  const offset = mapping.offsetS ?? 0
  const singleValue = d.arousal === null
  // Which source column goes to which dimension.
  let vSrc: number[] | null = d.valence
  let aSrc: number[] | null = d.arousal
  if (singleValue) {
    if (mapping.dimension === 'arousal') [vSrc, aSrc] = [null, d.valence]
  } else if (mapping.column !== undefined) {
    const col = mapping.column.toLowerCase()
    const pick = col === 'valence' || col === 'x' ? d.valence : col === 'arousal' || col === 'y' ? d.arousal : undefined
    if (pick === undefined) throw new AppError('INVALID_ARGUMENT', `no value column '${mapping.column}' in ${format} (columns: ${d.columns.join(', ')})`)
    const dim = mapping.dimension ?? (col === 'arousal' || col === 'y' ? 'arousal' : 'valence')
    ;[vSrc, aSrc] = dim === 'valence' ? [pick, null] : [null, pick]
  }
  const toUnit = (x: number[] | null): Float64Array | null => {
    if (x === null) return null
    const y = rescale(x, declared, [-1, 1])
    y.forEach((v, i) => {
      if (Number.isFinite(v) && Math.abs(v) > 1 + 1e-9) {
        throw new AppError('PARSE_ERROR', `${format}: ${d.where[i]}: value ${x[i]} is outside the declared scale [${declared.join(', ')}]`)
      }
    })
    return y
  }
  const vUnit = toUnit(vSrc)
  const aUnit = toUnit(aSrc)
  const values = emptyRange(n)
  const mismatch = (msg: string): void => {
    if (!allowLengthMismatch) throw new AppError('LENGTH_MISMATCH', `${msg}; refused (allow it with --allow-length-mismatch)`)
    warnings.push(msg)
  }
  let startS: number
  let endS: number
  if (d.frames !== null) {
    const shift = Math.round(offset * fps)
    const rows = d.frames.length
    if (format === 'aff-wild2' && rows !== n) mismatch(`the file has ${rows} frame line(s) but the video has ${n} frames`)
    else if (format !== 'aff-wild2' && rows > 0 && d.frames[rows - 1] + shift >= n) mismatch(`the file reaches frame ${d.frames[rows - 1] + shift} but the video has ${n} frames`)
    d.frames.forEach((f0, i) => {
      const f = f0 + shift
      if (f < 0 || f >= n) return
      if (vUnit) values[2 * f] = f32(vUnit[i])
      if (aUnit) values[2 * f + 1] = f32(aUnit[i])
    })
    startS = rows > 0 ? d.frames[0] / fps + offset : NaN
    endS = rows > 0 ? d.frames[rows - 1] / fps + offset : NaN
  } else {
    const times = (d.times as number[]).map((t) => t + offset)
    const m = times.length
    startS = m > 0 ? times[0] : NaN
    endS = m > 0 ? times[m - 1] : NaN
    const period = m > 1 ? (times[m - 1] - times[0]) / (m - 1) : 1 / rate
    const videoEnd = pts[n - 1]
    if (m > 0 && endS > videoEnd + period + 1e-6) mismatch(`the file runs to ${endS.toFixed(3)} s but the video ends at ${videoEnd.toFixed(3)} s`)
    if (format === 'sewa' && m > 0 && endS < videoEnd - period - 1 / fps) mismatch(`the file ends at ${endS.toFixed(3)} s but the video runs to ${videoEnd.toFixed(3)} s`)
    const at = (x: Float64Array | null, c: number): void => {
      if (x === null || m === 0) return
      const r = resampleTrace({ times, values: x }, pts, { period })
      r.values.forEach((v, f) => (values[2 * f + c] = f32(v)))
    }
    at(vUnit, 0)
    at(aUnit, 1)
  }
  let covered = 0
  for (let f = 0; f < n; f++) if (Number.isFinite(values[2 * f]) || Number.isFinite(values[2 * f + 1])) covered++
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/).filter((l) => l.length > 0)
  const delim = format === 'sewa' || format === 'nova' ? ';' : ','
  const preview: ImportPreview = {
    format,
    columns: d.columns,
    firstRows: format === 'afew-va' ? [] : lines.slice(format === 'nova' ? 0 : 1, (format === 'nova' ? 0 : 1) + 5).map((l) => l.split(delim)),
    rowCount: d.where.length,
    startS,
    endS,
    rateHz: d.frames !== null ? fps : d.times && d.times.length > 1 ? (d.times.length - 1) / (d.times[d.times.length - 1] - d.times[0]) : rate,
    stats: { valence: stats(vUnit), arousal: stats(aUnit) },
    sessionFrames: n,
    coveredFrames: covered,
    warnings
  }
  return { preview, values }
}

export function previewImport(db: Database, sessionId: string, format: ExchangeFormat, text: string, mapping: ImportMapping = {}, allowLengthMismatch = false): ImportPreview {
  return mapImport(db, sessionId, format, text, mapping, allowLengthMismatch).preview
}

/** Imports a file as a new annotation trace of the annotator (source 'import'), logged as one 'import' edit. */
export function importTrace(
  db: Database,
  a: { sessionId: string; annotatorId: string; format: ExchangeFormat; text: string; mapping?: ImportMapping; name?: string; allowLengthMismatch?: boolean; file?: string }
): ImportResult {
  const annotator = getAnnotator(db, a.annotatorId)
  if (!annotator) throw new AppError('NOT_FOUND', `no annotator ${a.annotatorId}`)
  const { preview, values } = mapImport(db, a.sessionId, a.format, a.text, a.mapping, a.allowLengthMismatch)
  if (preview.coveredFrames === 0) throw new AppError('PARSE_ERROR', `${a.format}: no value of the file falls on a frame of the video`)
  return db.transaction((): ImportResult => {
    const traceId = insertTrace(
      db,
      {
        sessionId: a.sessionId,
        kind: 'annotation',
        sourceType: 'import',
        sourceId: annotator.id,
        name: a.name ?? `${annotator.name} (${a.format})`,
        meta: { format: a.format, file: a.file ?? null, mapping: a.mapping ?? {} }
      },
      { valence: [], arousal: [] }
    )
    const n = values.length / 2
    const edit = recordEdit(db, {
      traceId,
      kind: 'import',
      fromFrame: 0,
      toFrame: n - 1,
      before: emptyRange(n),
      after: values,
      params: { format: a.format, file: a.file ?? null, mapping: a.mapping ?? {} },
      author: { type: 'annotator', id: annotator.id }
    })
    return { traceId, editId: edit.id, preview }
  }).immediate()
}
