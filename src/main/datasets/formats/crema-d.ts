/**
 * CREMA-D (Cao et al. 2014) crowd-sourced clip-level tables, as written by R's `write.csv` (strings in
 * double quotes, first column = unnamed row name `""`):
 *
 * - `summaryTable.csv`: `"","FileName","VoiceVote","VoiceLevel","FaceVote","FaceLevel","MultiModalVote",
 *   "MultiModalLevel"`. A vote is one emotion letter (A anger, D disgust, F fear, H happy, N neutral,
 *   S sad) or a tie `A:F` with one level per letter `30.67:51.00`; levels are mean rated intensities
 *   0..100. Votes and levels of different lengths are an error.
 * - `tabulatedVotes.csv`: row name, vote counts `A,D,F,H,N,S`, `fileName`, `numResponses` (must equal the
 *   sum of the counts), `agreement` (0..1), `emoVote` (letters, ties with `:`), then mean/median intensity
 *   columns `mean*Resp`, `median*Resp`, `*Norm` where `-1` means "no rater chose this emotion": read as null.
 * - `VideoDemographics.csv`: `ActorID,Age,Sex,Race,Ethnicity` (one row per actor 1001..1091).
 */
import {
  type CsvRecord,
  expectFieldCount,
  formatNumber,
  headerIndex,
  joinRows,
  parseError,
  parseNumber,
  quoteField,
  readRecords,
  where
} from './csv'

export const CREMA_D_EMOTIONS = ['A', 'D', 'F', 'H', 'N', 'S'] as const
export type CremaDEmotion = (typeof CREMA_D_EMOTIONS)[number]

export interface CremaDVote {
  votes: CremaDEmotion[]
  levels: number[]
}

export interface CremaDSummaryRow {
  rowName: string
  fileName: string
  voice: CremaDVote
  face: CremaDVote
  multiModal: CremaDVote
}

export interface CremaDTabulatedRow {
  rowName: string
  counts: Record<CremaDEmotion, number>
  fileName: string
  numResponses: number
  agreement: number
  emoVote: CremaDEmotion[]
  /** Remaining numeric columns by header name (`meanEmoResp`, `meanAngerResp`, ...); -1 in the file reads as null. */
  stats: Record<string, number | null>
}

export interface CremaDDemographics {
  actorId: number
  age: number
  sex: string
  race: string
  ethnicity: string
}

export interface CremaDReadOptions {
  /** Drop a last row that is incomplete and not newline-terminated (a file cut with `head -c`). Default false. */
  allowTruncatedLastRow?: boolean
}

const S = 'CREMA-D summaryTable'
const T = 'CREMA-D tabulatedVotes'
const V = 'CREMA-D VideoDemographics'
const SUMMARY_COLUMNS = ['', 'FileName', 'VoiceVote', 'VoiceLevel', 'FaceVote', 'FaceLevel', 'MultiModalVote', 'MultiModalLevel'] as const
const TAB_FIXED = ['', ...CREMA_D_EMOTIONS, 'fileName', 'numResponses', 'agreement', 'emoVote'] as const
const DEMO_COLUMNS = ['ActorID', 'Age', 'Sex', 'Race', 'Ethnicity'] as const

const q = (s: string): string => quoteField(s, ',', true)

function body(text: string, format: string, opts: CremaDReadOptions): { header: CsvRecord; rows: CsvRecord[] } {
  const records = readRecords(text, ',', format)
  const header = records[0]
  let rows = records.slice(1)
  const last = rows[rows.length - 1]
  if (opts.allowTruncatedLastRow === true && last !== undefined && last.fields.length < header.fields.length && !/[\r\n]$/.test(text)) {
    rows = rows.slice(0, -1)
  }
  for (const r of rows) expectFieldCount(r, header.fields.length, format)
  return { header, rows }
}

function emotions(cell: string, line: number, field: string, format: string): CremaDEmotion[] {
  const parts = cell.trim().split(':')
  for (const p of parts) {
    if (!(CREMA_D_EMOTIONS as readonly string[]).includes(p)) {
      throw parseError(`${format}: ${where(line, field)}: unknown emotion '${p}' (expected ${CREMA_D_EMOTIONS.join('/')}, ties joined by ':')`)
    }
  }
  return parts as CremaDEmotion[]
}

function nonEmpty(rec: CsvRecord, i: number, field: string, format: string): string {
  const v = rec.fields[i]
  if (v.trim() === '') throw parseError(`${format}: ${where(rec.line, field)}: empty cell`)
  return v
}

function uniqueKey(seen: Map<string, number>, key: string, line: number, field: string, format: string): void {
  const prev = seen.get(key)
  if (prev !== undefined) throw parseError(`${format}: ${where(line, field)}: duplicated '${key}' (first on line ${prev})`)
  seen.set(key, line)
}

export function readCremaDSummaryTable(text: string, opts: CremaDReadOptions = {}): CremaDSummaryRow[] {
  const { header, rows } = body(text, S, opts)
  const idx = headerIndex(header, SUMMARY_COLUMNS, S)
  const c = (n: string): number => idx.get(n) as number
  const seen = new Map<string, number>()
  const vote = (rec: CsvRecord, kind: string): CremaDVote => {
    const votes = emotions(rec.fields[c(`${kind}Vote`)], rec.line, `${kind}Vote`, S)
    const levelCells = rec.fields[c(`${kind}Level`)].trim().split(':')
    if (levelCells.length !== votes.length) {
      throw parseError(`${S}: ${where(rec.line, `${kind}Level`)}: ${levelCells.length} level(s) for ${votes.length} vote(s) (mismatched lengths)`)
    }
    return { votes, levels: levelCells.map((l) => parseNumber(l, rec.line, `${kind}Level`, { min: 0, max: 100 })) }
  }
  return rows.map((rec) => {
    const fileName = nonEmpty(rec, c('FileName'), 'FileName', S)
    uniqueKey(seen, fileName, rec.line, 'FileName', S)
    return { rowName: rec.fields[c('')], fileName, voice: vote(rec, 'Voice'), face: vote(rec, 'Face'), multiModal: vote(rec, 'MultiModal') }
  })
}

export function writeCremaDSummaryTable(rows: readonly CremaDSummaryRow[]): string {
  const lv = (v: CremaDVote): string[] => [q(v.votes.join(':')), q(v.levels.map(formatNumber).join(':'))]
  return joinRows([
    SUMMARY_COLUMNS.map(q),
    ...rows.map((r) => [q(r.rowName), q(r.fileName), ...lv(r.voice), ...lv(r.face), ...lv(r.multiModal)])
  ])
}

export function readCremaDTabulatedVotes(text: string, opts: CremaDReadOptions = {}): CremaDTabulatedRow[] {
  const { header, rows } = body(text, T, opts)
  const idx = headerIndex(header, TAB_FIXED, T)
  const c = (n: string): number => idx.get(n) as number
  const statCols = header.fields.map((h) => h.trim()).filter((h) => !(TAB_FIXED as readonly string[]).includes(h))
  const seen = new Map<string, number>()
  return rows.map((rec) => {
    const fileName = nonEmpty(rec, c('fileName'), 'fileName', T)
    uniqueKey(seen, fileName, rec.line, 'fileName', T)
    const counts = {} as Record<CremaDEmotion, number>
    let sum = 0
    for (const e of CREMA_D_EMOTIONS) sum += counts[e] = parseNumber(rec.fields[c(e)], rec.line, e, { integer: true, min: 0 })
    const numResponses = parseNumber(rec.fields[c('numResponses')], rec.line, 'numResponses', { integer: true, min: 0 })
    if (sum !== numResponses) {
      throw parseError(`${T}: ${where(rec.line, 'numResponses')}: ${numResponses} responses but the vote counts sum to ${sum} (mismatched)`)
    }
    const stats: Record<string, number | null> = {}
    for (const s of statCols) {
      const v = parseNumber(rec.fields[c(s)], rec.line, s, { min: -1 })
      stats[s] = v === -1 ? null : v
    }
    return {
      rowName: rec.fields[c('')],
      counts,
      fileName,
      numResponses,
      agreement: parseNumber(rec.fields[c('agreement')], rec.line, 'agreement', { min: 0, max: 1 }),
      emoVote: emotions(rec.fields[c('emoVote')], rec.line, 'emoVote', T),
      stats
    }
  })
}

export function writeCremaDTabulatedVotes(rows: readonly CremaDTabulatedRow[]): string {
  const statCols = rows.length > 0 ? Object.keys(rows[0].stats) : []
  return joinRows([
    [...TAB_FIXED, ...statCols].map(q),
    ...rows.map((r) => [
      q(r.rowName),
      ...CREMA_D_EMOTIONS.map((e) => formatNumber(r.counts[e])),
      q(r.fileName),
      formatNumber(r.numResponses),
      formatNumber(r.agreement),
      q(r.emoVote.join(':')),
      ...statCols.map((s) => {
        const v = r.stats[s]
        return v === null || v === undefined ? '-1' : formatNumber(v)
      })
    ])
  ])
}

export function readCremaDDemographics(text: string, opts: CremaDReadOptions = {}): CremaDDemographics[] {
  const { header, rows } = body(text, V, opts)
  const idx = headerIndex(header, DEMO_COLUMNS, V)
  const c = (n: string): number => idx.get(n) as number
  const seen = new Map<string, number>()
  return rows.map((rec) => {
    const actorId = parseNumber(rec.fields[c('ActorID')], rec.line, 'ActorID', { integer: true, min: 0 })
    uniqueKey(seen, String(actorId), rec.line, 'ActorID', V)
    return {
      actorId,
      age: parseNumber(rec.fields[c('Age')], rec.line, 'Age', { integer: true, min: 0, max: 130 }),
      sex: nonEmpty(rec, c('Sex'), 'Sex', V),
      race: nonEmpty(rec, c('Race'), 'Race', V),
      ethnicity: nonEmpty(rec, c('Ethnicity'), 'Ethnicity', V)
    }
  })
}

export function writeCremaDDemographics(rows: readonly CremaDDemographics[]): string {
  return joinRows([
    DEMO_COLUMNS.map(q),
    ...rows.map((r) => [formatNumber(r.actorId), formatNumber(r.age), q(r.sex), q(r.race), q(r.ethnicity)])
  ])
}
