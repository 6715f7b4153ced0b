/**
 * Pure logic of the CSV exchange page: what each format holds, which options it takes, building the
 * `annotations:export` arguments and the import mapping from the form, and guessing a file's format.
 * The conventions mirror src/main/services/annotation/exchange-formats.ts (the backend is the authority:
 * anything it refuses comes back as an error with a code, shown as is).
 */
import type { ExchangeFormat, ImportMapping } from '../../../../shared/annotation'

export type Dimension = 'valence' | 'arousal'
export type ScaleChoice = NonNullable<ImportMapping['scale']>
export const SCALES: readonly ScaleChoice[] = ['-1,1', '-10,10', '0,1']

export interface FormatInfo {
  readonly format: ExchangeFormat
  readonly label: string
  readonly ext: 'csv' | 'txt' | 'json'
  /** How samples are placed in time: per video frame, or on a uniform time grid. */
  readonly timing: 'frame' | 'grid'
  /** Value columns of the file, as the backend names them for `mapping.column`. */
  readonly valueColumns: readonly string[]
  /** One value per row (the dimension is chosen on export and on import). */
  readonly single: boolean
  /** The export grid rate can be chosen (default: the video's nominal fps). */
  readonly exportRate: boolean
  /** The source rate of the mapping is used on import (a format without a time column). */
  readonly importRate: boolean
  readonly nativeScale: ScaleChoice
  readonly note: string
}

export const FORMAT_INFO: Readonly<Record<ExchangeFormat, FormatInfo>> = {
  circumplex: {
    format: 'circumplex',
    label: 'Circumplex wide CSV',
    ext: 'csv',
    timing: 'frame',
    valueColumns: ['valence', 'arousal'],
    single: false,
    exportRate: false,
    importRate: false,
    nativeScale: '-1,1',
    note: 'frame,time_s,valence,arousal,source — one row per video frame, lossless; missing = empty cells.'
  },
  sewa: {
    format: 'sewa',
    label: 'SEWA / AVEC 2019 CSV',
    ext: 'csv',
    timing: 'grid',
    valueColumns: ['valence', 'arousal'],
    single: false,
    exportRate: false,
    importRate: false,
    nativeScale: '-1,1',
    note: 'name;timestamp;arousal;valence;liking on a fixed 0.1 s grid; cannot hold missing values.'
  },
  'aff-wild2': {
    format: 'aff-wild2',
    label: 'Aff-Wild2 VA txt',
    ext: 'txt',
    timing: 'frame',
    valueColumns: ['valence', 'arousal'],
    single: false,
    exportRate: false,
    importRate: false,
    nativeScale: '-1,1',
    note: 'valence,arousal — one line per video frame; -5,-5 = not annotated. The line count must equal the frame count.'
  },
  nova: {
    format: 'nova',
    label: 'NOVA continuous CSV',
    ext: 'csv',
    timing: 'grid',
    valueColumns: ['score'],
    single: true,
    exportRate: true,
    importRate: true,
    nativeScale: '-1,1',
    note: 'score;confidence without a header, one dimension at a fixed rate; confidence 0 = not annotated.'
  },
  darma: {
    format: 'darma',
    label: 'DARMA CSV',
    ext: 'csv',
    timing: 'grid',
    valueColumns: ['x', 'y'],
    single: false,
    exportRate: true,
    importRate: false,
    nativeScale: '-1,1',
    note: 'time,x,y (x = valence, y = arousal) on a uniform grid; no gaps inside the rated span.'
  },
  carma: {
    format: 'carma',
    label: 'CARMA CSV',
    ext: 'csv',
    timing: 'grid',
    valueColumns: ['value'],
    single: true,
    exportRate: true,
    importRate: false,
    nativeScale: '-1,1',
    note: 'time,value — one dimension on a uniform grid; no gaps inside the rated span.'
  },
  'afew-va': {
    format: 'afew-va',
    label: 'AFEW-VA JSON',
    ext: 'json',
    timing: 'frame',
    valueColumns: ['valence', 'arousal'],
    single: false,
    exportRate: false,
    importRate: false,
    nativeScale: '-10,10',
    note: 'Per-frame valence/arousal on [-10, 10]; cannot hold missing values.'
  }
}

export const scaleLabel = (s: ScaleChoice): string => `[${s.replace(',', ', ')}]`

/** '' → undefined; a finite number → it; anything else → NaN (the caller reports it). */
export function parseOptionalNumber(text: string): number | undefined {
  const t = text.trim()
  if (t === '') return undefined
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return NaN
  return Number(t)
}

export interface ExportForm {
  readonly scope: 'session' | 'project'
  readonly sessionId: string
  readonly projectId: string
  readonly traceIds: readonly string[]
  readonly format: ExchangeFormat
  readonly dimension: Dimension
  /** Text of the rate field ('' = the video's fps). */
  readonly rateHz: string
}

export interface ExportArgs {
  sessionId?: string
  projectId?: string
  traceIds?: string[]
  format: ExchangeFormat
  allowLengthMismatch?: boolean
  dimension?: Dimension
  rateHz?: number
}

/** The `annotations:export` arguments of the form, or what is wrong with it. */
export function exportArgs(f: ExportForm, allowLengthMismatch = false): { args: ExportArgs } | { error: string } {
  const target = f.scope === 'session' ? f.sessionId : f.projectId
  if (!target) return { error: `Choose a ${f.scope}.` }
  if (f.traceIds.length === 0) return { error: 'Choose at least one trace.' }
  const info = FORMAT_INFO[f.format]
  const args: ExportArgs = { format: f.format, traceIds: [...f.traceIds] }
  if (f.scope === 'session') args.sessionId = f.sessionId
  else args.projectId = f.projectId
  if (info.single) args.dimension = f.dimension
  if (info.exportRate) {
    const rate = parseOptionalNumber(f.rateHz)
    if (rate !== undefined) {
      if (!(rate > 0 && rate <= 10_000)) return { error: `The rate must be a number of Hz in (0, 10000], got '${f.rateHz}'.` }
      args.rateHz = rate
    }
  }
  if (allowLengthMismatch) args.allowLengthMismatch = true
  return { args }
}

export interface MappingForm {
  /** '' = every value column of the file; else one column imported as `dimension`. */
  readonly column: string
  /** '' = the format's own scale. */
  readonly scale: '' | ScaleChoice
  readonly rateHz: string
  readonly offsetS: string
  readonly dimension: Dimension
}

export const DEFAULT_MAPPING: MappingForm = { column: '', scale: '', rateHz: '', offsetS: '', dimension: 'valence' }

/** The dimension a column is imported as unless the user says otherwise (as the backend defaults it). */
export const defaultDimensionOf = (column: string): Dimension => (column === 'arousal' || column === 'y' ? 'arousal' : 'valence')

/** The `ImportMapping` of the mapping form for a format, or what is wrong with it. */
export function importMapping(format: ExchangeFormat, m: MappingForm): { mapping: ImportMapping } | { error: string } {
  const info = FORMAT_INFO[format]
  const out: { -readonly [K in keyof ImportMapping]: ImportMapping[K] } = {}
  if (m.scale !== '') out.scale = m.scale
  if (info.single) out.dimension = m.dimension
  else if (m.column !== '') {
    if (!info.valueColumns.includes(m.column)) return { error: `${info.label} has no value column '${m.column}' (columns: ${info.valueColumns.join(', ')}).` }
    out.column = m.column
    out.dimension = m.dimension
  }
  if (info.importRate) {
    const rate = parseOptionalNumber(m.rateHz)
    if (rate !== undefined) {
      if (!(rate > 0 && rate <= 10_000)) return { error: `The source rate must be a number of Hz in (0, 10000], got '${m.rateHz}'.` }
      out.rateHz = rate
    }
  }
  const offset = parseOptionalNumber(m.offsetS)
  if (offset !== undefined) {
    if (!(Number.isFinite(offset) && Math.abs(offset) <= 86_400)) return { error: `The offset must be a number of seconds within ±86400, got '${m.offsetS}'.` }
    if (offset !== 0) out.offsetS = offset
  }
  return { mapping: out }
}

/** Guesses the format of a file from its name and first line; null when nothing fits. */
export function guessFormat(fileName: string, text: string): ExchangeFormat | null {
  const body = text.replace(/^\ufeff/, '').trimStart()
  if (/\.json$/i.test(fileName) || body.startsWith('{')) return 'afew-va'
  const first = (body.split(/\r?\n/, 1)[0] ?? '').trim().toLowerCase().replace(/\s+/g, '')
  if (first.startsWith('frame,time_s')) return 'circumplex'
  if (first === 'valence,arousal') return 'aff-wild2'
  if (first.startsWith('name;timestamp')) return 'sewa'
  if (first === 'time,x,y') return 'darma'
  if (first === 'time,value') return 'carma'
  if (/^[-+.\deE]+;[-+.\deE]+$/.test(first)) return 'nova'
  if (/\.txt$/i.test(fileName)) return 'aff-wild2'
  return null
}

export function mimeOf(fileName: string): string {
  if (/\.json$/i.test(fileName)) return 'application/json'
  if (/\.txt$/i.test(fileName)) return 'text/plain'
  return 'text/csv'
}

/** A number for a table cell: fixed digits, '–' for a missing/undefined value. */
export function fmt(x: number | null | undefined, digits = 3): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '–'
}

export function coverageText(covered: number, total: number): string {
  const pct = total > 0 ? (100 * covered) / total : 0
  return `${covered} of ${total} frames (${pct.toFixed(1)} %)`
}

export function byteSize(text: string): string {
  const n = new TextEncoder().encode(text).length
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(2)} MiB`
}

/** The first lines of a file for a glance at what was written. */
export function headLines(text: string, n = 4): string {
  const lines = text.split('\n')
  const head = lines
    .slice(0, n)
    .map((l) => (l.length > 160 ? `${l.slice(0, 160)}…` : l))
    .join('\n')
  return lines.length > n + 1 ? `${head}\n…` : head
}

/** An error as the page shows it: the backend's code (ApiError.code) and message; code '' for a form problem. */
export interface UiError {
  readonly code: string
  readonly message: string
}

export function toUiError(e: unknown): UiError {
  if (typeof e === 'object' && e !== null) {
    const o = e as { code?: unknown; message?: unknown }
    return { code: typeof o.code === 'string' ? o.code : 'INTERNAL', message: typeof o.message === 'string' ? o.message : String(e) }
  }
  return { code: 'INTERNAL', message: String(e) }
}

export const isLengthMismatch = (e: UiError | null): boolean => e?.code === 'LENGTH_MISMATCH'

/** Largest file text the import channels accept (src/main/ipc/annotation-schemas.ts). */
export const MAX_IMPORT_BYTES = 7 * 1024 * 1024
