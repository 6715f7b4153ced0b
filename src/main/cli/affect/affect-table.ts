/**
 * Per-frame valence/arousal tables read by `circumplex metrics` (prediction and gold). Two layouts are accepted,
 * told apart by their header (names trimmed, case-insensitive, any column order):
 *
 * - the Circumplex wide CSV `frame,time_s,valence,arousal,source[,extra...]` (this application's export);
 * - a simple `frame,valence,arousal[,sequence]` CSV.
 *
 * Either may carry a sequence column that groups frames into sequences (videos): the column named by `--by`, else
 * the first of `sequence`, `name`, `video`. Without one, the whole file is one sequence. Columns other than frame,
 * valence, arousal and the sequence column are ignored. The delimiter is detected from the header (`,` `;` tab).
 *
 * Cells: `frame` a non-negative integer, unique within its sequence; valence/arousal a finite number, or missing
 * (empty, NaN, NA, null) — missing values are kept as NaN and later removed by pairwise deletion (and counted).
 */
import { AppError } from '../../../shared/ipc/errors'
import { NUMBER_RE, detectDelimiter, tokenizeCsv } from '../../datasets/formats/csv'
import { MISSING_TOKENS } from './ratings-table'

/** Header names that mark the sequence column when `--by` is not given, in order of preference. */
export const SEQUENCE_COLUMN_NAMES: readonly string[] = ['sequence', 'name', 'video']

export type AffectTableFormat = 'circumplex-wide' | 'frame-valence-arousal'

export interface AffectFrame {
  readonly sequence: string
  readonly frame: number
  /** NaN = missing. */
  readonly valence: number
  /** NaN = missing. */
  readonly arousal: number
  readonly line: number
}

export interface AffectTable {
  readonly source: string
  readonly format: AffectTableFormat
  /** Header of the sequence column, or null when the file is one sequence. */
  readonly sequenceColumn: string | null
  readonly frames: AffectFrame[]
}

export interface ParseAffectOptions {
  /** File name for messages. */
  readonly source: string
  /** `--by`: the sequence column's name (must exist). */
  readonly sequenceColumn?: string
}

/** Sequence id used when a file has no sequence column. */
export const SINGLE_SEQUENCE = '(all frames)'

function perr(source: string, message: string): AppError {
  return new AppError('PARSE_ERROR', `${source}: ${message}`)
}

export function parseAffectCsv(text: string, options: ParseAffectOptions): AffectTable {
  const { source } = options
  const delimiter = detectDelimiter(text, [',', ';', '\t']) ?? ','
  const records = tokenizeCsv(text, delimiter)
  if (records.length === 0) throw perr(source, 'empty file (expected a header frame,valence,arousal[,sequence])')
  const header = records[0]
  const names = header.fields.map((f) => f.trim())
  const lower = names.map((n) => n.toLowerCase())
  const col = (name: string): number => lower.indexOf(name)
  const missing = ['frame', 'valence', 'arousal'].filter((n) => col(n) < 0)
  if (missing.length > 0) {
    const looksLikeData = names.every((n) => n === '' || NUMBER_RE.test(n))
    throw perr(
      source,
      looksLikeData
        ? `line ${header.line} is data: a header is required (frame,valence,arousal[,sequence] or the Circumplex CSV frame,time_s,valence,arousal,source)`
        : `line ${header.line}: missing column(s) ${missing.join(', ')} (found: ${names.join(', ')}); expected frame,valence,arousal[,sequence] or the Circumplex CSV frame,time_s,valence,arousal,source`
    )
  }
  let seqIdx = -1
  if (options.sequenceColumn !== undefined) {
    seqIdx = lower.indexOf(options.sequenceColumn.trim().toLowerCase())
    if (seqIdx < 0) throw perr(source, `no column '${options.sequenceColumn}' for --by (columns: ${names.join(', ')})`)
  } else {
    for (const n of SEQUENCE_COLUMN_NAMES) {
      if (col(n) >= 0) {
        seqIdx = col(n)
        break
      }
    }
  }
  const format: AffectTableFormat = col('time_s') >= 0 && col('source') >= 0 ? 'circumplex-wide' : 'frame-valence-arousal'
  const iFrame = col('frame')
  const iV = col('valence')
  const iA = col('arousal')
  const seen = new Map<string, number>()
  const frames: AffectFrame[] = []
  const value = (cell: string, line: number, name: string): number => {
    const s = cell.trim()
    if (MISSING_TOKENS.includes(s.toLowerCase())) return NaN
    if (!NUMBER_RE.test(s)) throw perr(source, `line ${line}, column '${name}': not a number ('${s}')`)
    const v = Number(s)
    if (!Number.isFinite(v)) throw perr(source, `line ${line}, column '${name}': value out of range ('${s}')`)
    return v
  }
  for (const rec of records.slice(1)) {
    if (rec.fields.length !== names.length) {
      throw perr(source, `line ${rec.line}: expected ${names.length} fields like the header but found ${rec.fields.length}`)
    }
    const fCell = rec.fields[iFrame].trim()
    if (!/^\d+$/.test(fCell)) {
      throw perr(source, `line ${rec.line}, column 'frame': expected a non-negative integer frame index, found '${fCell}'`)
    }
    const frame = Number(fCell)
    let sequence = SINGLE_SEQUENCE
    if (seqIdx >= 0) {
      sequence = rec.fields[seqIdx].trim()
      if (sequence === '') throw perr(source, `line ${rec.line}, column '${names[seqIdx]}': empty sequence name`)
    }
    const key = `${sequence}\u0000${frame}`
    const prev = seen.get(key)
    if (prev !== undefined) {
      throw perr(
        source,
        `line ${rec.line}: duplicated frame ${frame}${seqIdx >= 0 ? ` in sequence '${sequence}'` : ''} (also on line ${prev})${seqIdx < 0 ? '; several sequences need a sequence/name/video column' : ''}`
      )
    }
    seen.set(key, rec.line)
    frames.push({
      sequence,
      frame,
      valence: value(rec.fields[iV], rec.line, names[iV]),
      arousal: value(rec.fields[iA], rec.line, names[iA]),
      line: rec.line
    })
  }
  if (frames.length === 0) throw perr(source, 'no data rows below the header')
  return { source, format, sequenceColumn: seqIdx >= 0 ? names[seqIdx] : null, frames }
}
