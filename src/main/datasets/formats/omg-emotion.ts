/**
 * OMG-Emotion (One-Minute Gradual Emotion, Barros et al. 2018), utterance-level labels.
 *
 * 1. Gold standard CSV (`omg_TrainVideos.csv`, `omg_ValidationVideos.csv`), comma separated with header
 *    `link,start,end,video,utterance,arousal,valence,EmotionMaxVote`: `start`/`end` are seconds in the
 *    YouTube video, arousal is in [0, 1], valence in [-1, 1], EmotionMaxVote an integer index into
 *    {@link OMG_EMOTIONS} (0 Anger .. 6 Surprise). A repeated (video, utterance) pair is an error.
 * 2. Per-annotator file (`DetailedAnnotation_<split>_<video>_<utterance>_<annotator>.txt`), header
 *    `arousal,valence,emotion` and one data row: raw annotator ratings on a 0..100 (arousal) and
 *    -100..100 (valence) scale — the gold standard is on the same axes divided by 100 — and an emotion
 *    name (e.g. `Surprise`).
 */
import { expectFieldCount, formatNumber, headerIndex, joinRows, parseError, parseNumber, quoteField, readRecords, where } from './csv'

export const OMG_EMOTIONS = ['Anger', 'Disgust', 'Fear', 'Happy', 'Neutral', 'Sad', 'Surprise'] as const

export interface OmgGoldRow {
  link: string
  start: number
  end: number
  video: string
  utterance: string
  arousal: number
  valence: number
  emotionMaxVote: number
}

export interface OmgAnnotation {
  arousal: number
  valence: number
  emotion: string
}

export const OMG_GOLD_COLUMNS = ['link', 'start', 'end', 'video', 'utterance', 'arousal', 'valence', 'EmotionMaxVote'] as const
const G = 'OMG-Emotion gold CSV'
const A = 'OMG-Emotion annotation'

function text(rec: { fields: string[]; line: number }, i: number, name: string, format: string): string {
  const v = rec.fields[i]
  if (v.trim() === '') throw parseError(`${format}: ${where(rec.line, name)}: empty cell`)
  return v
}

export function writeOmgGoldCsv(rows: readonly OmgGoldRow[]): string {
  const out: string[][] = [[...OMG_GOLD_COLUMNS]]
  for (const r of rows) {
    out.push([
      quoteField(r.link),
      formatNumber(r.start),
      formatNumber(r.end),
      quoteField(r.video),
      quoteField(r.utterance),
      formatNumber(r.arousal),
      formatNumber(r.valence),
      formatNumber(r.emotionMaxVote)
    ])
  }
  return joinRows(out)
}

export function readOmgGoldCsv(csv: string): OmgGoldRow[] {
  const records = readRecords(csv, ',', G)
  const idx = headerIndex(records[0], OMG_GOLD_COLUMNS, G)
  const c = (n: (typeof OMG_GOLD_COLUMNS)[number]): number => idx.get(n) as number
  const seen = new Map<string, number>()
  return records.slice(1).map((rec) => {
    expectFieldCount(rec, records[0].fields.length, G)
    const row: OmgGoldRow = {
      link: text(rec, c('link'), 'link', G),
      start: parseNumber(rec.fields[c('start')], rec.line, 'start', { min: 0 }),
      end: parseNumber(rec.fields[c('end')], rec.line, 'end', { min: 0 }),
      video: text(rec, c('video'), 'video', G),
      utterance: text(rec, c('utterance'), 'utterance', G),
      arousal: parseNumber(rec.fields[c('arousal')], rec.line, 'arousal', { min: 0, max: 1 }),
      valence: parseNumber(rec.fields[c('valence')], rec.line, 'valence', { min: -1, max: 1 }),
      emotionMaxVote: parseNumber(rec.fields[c('EmotionMaxVote')], rec.line, 'EmotionMaxVote', {
        integer: true,
        min: 0,
        max: OMG_EMOTIONS.length - 1
      })
    }
    if (row.end < row.start) throw parseError(`${G}: ${where(rec.line, 'end')}: end ${row.end} before start ${row.start}`)
    const key = `${row.video}/${row.utterance}`
    const prev = seen.get(key)
    if (prev !== undefined) throw parseError(`${G}: ${where(rec.line, 'utterance')}: duplicated utterance ${key} (first on line ${prev})`)
    seen.set(key, rec.line)
    return row
  })
}

export function writeOmgAnnotation(a: OmgAnnotation): string {
  return joinRows([
    ['arousal', 'valence', 'emotion'],
    [formatNumber(a.arousal), formatNumber(a.valence), quoteField(a.emotion)]
  ])
}

export function readOmgAnnotation(csv: string): OmgAnnotation {
  const records = readRecords(csv, ',', A)
  const idx = headerIndex(records[0], ['arousal', 'valence', 'emotion'], A)
  if (records.length !== 2) throw parseError(`${A}: expected exactly one data row, found ${records.length - 1}`)
  const rec = records[1]
  expectFieldCount(rec, records[0].fields.length, A)
  return {
    arousal: parseNumber(rec.fields[idx.get('arousal') as number], rec.line, 'arousal', { min: 0, max: 100 }),
    valence: parseNumber(rec.fields[idx.get('valence') as number], rec.line, 'valence', { min: -100, max: 100 }),
    emotion: text(rec, idx.get('emotion') as number, 'emotion', A)
  }
}
