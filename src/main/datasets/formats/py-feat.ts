/**
 * py-feat `Detector.detect_video/detect_image` output CSV (Fex data frame written with `to_csv`,
 * index column absent): one row per detected face, so a frame can repeat (several faces). Columns:
 *
 * - `FaceRectX, FaceRectY, FaceRectWidth, FaceRectHeight` (pixels, 0-based top-left corner), `FaceScore` [0, 1];
 * - `x_0..x_67, y_0..y_67`: 2-D landmarks in image pixels, 0-based, iBUG 68-point order;
 * - `Pitch, Roll, Yaw` head pose in degrees;
 * - `AU01..AU43`: AU scores in [0, 1] (some detectors emit binary 0/1 for some AUs);
 * - `anger, disgust, fear, happiness, sadness, surprise, neutral`: emotion probabilities [0, 1];
 * - `input` (source file), `frame` (0-based frame index; rows must be in non-decreasing frame order).
 *
 * A row whose face columns are all empty or `NaN` (py-feat's "no face found" row) reads as a frame with
 * `face: null`; a row with only some of them missing is an error. Other columns are ignored.
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
import { findLandmarkColumns, landmarkHeader, readLandmarks } from './landmark-columns'

export const PY_FEAT_EMOTIONS = ['anger', 'disgust', 'fear', 'happiness', 'sadness', 'surprise', 'neutral'] as const

export interface PyFeatFace {
  rect: { x: number; y: number; width: number; height: number }
  score: number
  landmarks: Array<[number, number]> | null
  pose: { pitch: number; roll: number; yaw: number } | null
  aus: Record<string, number>
  emotions: Record<string, number>
}

export interface PyFeatRow {
  frame: number
  input: string
  face: PyFeatFace | null
}

const F = 'py-feat CSV'
const RECT = ['FaceRectX', 'FaceRectY', 'FaceRectWidth', 'FaceRectHeight', 'FaceScore'] as const
const POSE = ['Pitch', 'Roll', 'Yaw'] as const

function isMissing(cell: string): boolean {
  const t = cell.trim()
  return t === '' || t.toLowerCase() === 'nan'
}

export function readPyFeatCsv(text: string): PyFeatRow[] {
  const records = readRecords(text, ',', F)
  const header = records[0]
  const idx = headerIndex(header, [...RECT, 'input', 'frame'], F)
  const names = header.fields.map((h) => h.trim())
  const lm = findLandmarkColumns(idx, F)
  const hasPose = POSE.every((p) => idx.has(p))
  const aus = names.filter((n) => /^AU\d+$/.test(n))
  const emos = PY_FEAT_EMOTIONS.filter((e) => idx.has(e))
  const faceCols = [...RECT, ...(lm === null ? [] : landmarkHeader(lm.xs.length)), ...(hasPose ? POSE : []), ...aus, ...emos]
  const rows: PyFeatRow[] = []
  let prev: CsvRecord | null = null
  let prevFrame = -1
  for (const rec of records.slice(1)) {
    expectFieldCount(rec, header.fields.length, F)
    const get = (n: string): string => rec.fields[idx.get(n) as number]
    const frame = parseNumber(get('frame'), rec.line, 'frame', { integer: true, min: 0 })
    if (prev !== null && frame < prevFrame) throw parseError(`${F}: ${where(rec.line, 'frame')}: frame ${frame} after ${prevFrame} (not in order)`)
    prev = rec
    prevFrame = frame
    const input = get('input')
    const missing = faceCols.filter((c) => isMissing(get(c)))
    if (missing.length === faceCols.length) {
      rows.push({ frame, input, face: null })
      continue
    }
    if (missing.length > 0) {
      throw parseError(`${F}: ${where(rec.line, missing[0])}: ${/nan/i.test(get(missing[0])) ? 'NaN' : 'empty cell'} in a row with a detected face`)
    }
    const num = (n: string, o = {}): number => parseNumber(get(n), rec.line, n, o)
    const unit = { min: 0, max: 1 }
    const face: PyFeatFace = {
      rect: { x: num('FaceRectX'), y: num('FaceRectY'), width: num('FaceRectWidth', { min: 0 }), height: num('FaceRectHeight', { min: 0 }) },
      score: num('FaceScore', unit),
      landmarks: lm === null ? null : readLandmarks(rec, lm),
      pose: hasPose ? { pitch: num('Pitch'), roll: num('Roll'), yaw: num('Yaw') } : null,
      aus: {},
      emotions: {}
    }
    for (const a of aus) face.aus[a] = num(a, unit)
    for (const e of emos) face.emotions[e] = num(e, unit)
    rows.push({ frame, input, face })
  }
  return rows
}

export function writePyFeatCsv(rows: readonly PyFeatRow[]): string {
  const firstFace = rows.find((r) => r.face !== null)?.face ?? null
  const n = firstFace?.landmarks?.length ?? 0
  const hasPose = firstFace?.pose != null
  const aus = firstFace === null ? [] : Object.keys(firstFace.aus)
  const emos = firstFace === null ? [] : Object.keys(firstFace.emotions)
  const header = [...RECT, ...(n > 0 ? landmarkHeader(n) : []), ...(hasPose ? POSE : []), ...aus, ...emos, 'input', 'frame']
  const width = header.length - 2
  const body = rows.map((r) => {
    const f = r.face
    const cells =
      f === null
        ? Array.from({ length: width }, () => '')
        : [
            f.rect.x,
            f.rect.y,
            f.rect.width,
            f.rect.height,
            f.score,
            ...(n > 0 && f.landmarks !== null ? [...f.landmarks.map((p) => p[0]), ...f.landmarks.map((p) => p[1])] : []),
            ...(hasPose && f.pose !== null ? [f.pose.pitch, f.pose.roll, f.pose.yaw] : []),
            ...aus.map((a) => f.aus[a]),
            ...emos.map((e) => f.emotions[e])
          ].map(formatNumber)
    return [...cells, quoteField(r.input), formatNumber(r.frame)]
  })
  return joinRows([header, ...body])
}
