/**
 * OpenFace 2.x `FeatureExtraction` / `FaceLandmarkVidMulti` per-frame CSV. Header names may carry leading
 * spaces (`frame, face_id, timestamp, confidence, success, ...`) and are trimmed. Columns used:
 *
 * - `frame` (1-based video frame), optional `face_id` (multi-face output), `timestamp` (s),
 *   `confidence` [0, 1], `success` (0/1);
 * - `x_0..x_67`, `y_0..y_67`: 2-D landmarks in image pixels, 0-based, iBUG 68-point order. When
 *   `success` is 0 OpenFace writes zeros here; they are kept as written;
 * - `AUxx_r`: AU intensity 0..5; `AUxx_c`: AU presence 0/1 (AU28 has presence only);
 * - every other numeric column (gaze, pose, 3-D `X_/Y_/Z_`, PDM `p_*`) goes to `extra` by name.
 *
 * Frames of the same face must be contiguous (duplicated or missing frames are errors) with increasing
 * timestamps.
 */
import {
  checkContiguousFrames,
  expectFieldCount,
  formatNumber,
  headerIndex,
  joinRows,
  parseError,
  parseNumber,
  readRecords,
  where
} from './csv'
import { findLandmarkColumns, landmarkHeader, readLandmarks } from './landmark-columns'

export interface OpenFaceFrame {
  frame: number
  /** From `face_id`; null when the column is absent (single-face output). */
  faceId: number | null
  timestamp: number
  confidence: number
  success: boolean
  landmarks: Array<[number, number]> | null
  /** `AU01_r` → `auIntensity.AU01` (0..5). */
  auIntensity: Record<string, number>
  /** `AU01_c` → `auPresence.AU01` (0 or 1). */
  auPresence: Record<string, number>
  extra: Record<string, number>
}

const F = 'OpenFace CSV'
const BASE = ['frame', 'timestamp', 'confidence', 'success'] as const

export function readOpenFaceCsv(text: string): OpenFaceFrame[] {
  const records = readRecords(text, ',', F)
  const header = records[0]
  const idx = headerIndex(header, BASE, F)
  const names = header.fields.map((h) => h.trim())
  const lm = findLandmarkColumns(idx, F)
  const hasFace = idx.has('face_id')
  const au = names.filter((n) => /^AU\d+_[rc]$/.test(n))
  const used = new Set<string>([...BASE, 'face_id', ...au, ...(lm === null ? [] : landmarkHeader(lm.xs.length))])
  const extraCols = names.filter((n) => !used.has(n))
  const frames: OpenFaceFrame[] = []
  const byFace = new Map<number, { frames: number[]; times: number[]; lines: number[] }>()
  for (const rec of records.slice(1)) {
    expectFieldCount(rec, header.fields.length, F)
    const get = (n: string): string => rec.fields[idx.get(n) as number]
    const frame = parseNumber(get('frame'), rec.line, 'frame', { integer: true, min: 0 })
    const faceId = hasFace ? parseNumber(get('face_id'), rec.line, 'face_id', { integer: true, min: 0 }) : null
    const success = parseNumber(get('success'), rec.line, 'success', { integer: true, min: 0, max: 1 })
    const f: OpenFaceFrame = {
      frame,
      faceId,
      timestamp: parseNumber(get('timestamp'), rec.line, 'timestamp', { min: 0 }),
      confidence: parseNumber(get('confidence'), rec.line, 'confidence', { min: 0, max: 1 }),
      success: success === 1,
      landmarks: lm === null ? null : readLandmarks(rec, lm),
      auIntensity: {},
      auPresence: {},
      extra: {}
    }
    for (const n of au) {
      const name = n.slice(0, -2)
      if (n.endsWith('_r')) f.auIntensity[name] = parseNumber(get(n), rec.line, n, { min: 0, max: 5 })
      else f.auPresence[name] = parseNumber(get(n), rec.line, n, { min: 0, max: 1, integer: true })
    }
    for (const n of extraCols) f.extra[n] = parseNumber(get(n), rec.line, n)
    frames.push(f)
    const key = faceId ?? 0
    let s = byFace.get(key)
    if (s === undefined) byFace.set(key, (s = { frames: [], times: [], lines: [] }))
    s.frames.push(frame)
    s.times.push(f.timestamp)
    s.lines.push(rec.line)
  }
  for (const [face, s] of byFace) {
    const label = hasFace ? `${F} (face ${face})` : F
    checkContiguousFrames(s.frames, s.lines, label)
    for (let i = 1; i < s.times.length; i++) {
      if (s.times[i] <= s.times[i - 1]) {
        throw parseError(`${label}: ${where(s.lines[i], 'timestamp')}: timestamp ${s.times[i]} not after ${s.times[i - 1]}`)
      }
    }
  }
  return frames
}

/** Writes the columns present in the first frame (OpenFace-style `, ` separated header). */
export function writeOpenFaceCsv(frames: readonly OpenFaceFrame[]): string {
  const first = frames[0]
  const hasFace = first !== undefined && first.faceId !== null
  const n = first?.landmarks?.length ?? 0
  const aur = first === undefined ? [] : Object.keys(first.auIntensity)
  const auc = first === undefined ? [] : Object.keys(first.auPresence)
  const extra = first === undefined ? [] : Object.keys(first.extra)
  const header = [
    'frame',
    ...(hasFace ? ['face_id'] : []),
    'timestamp',
    'confidence',
    'success',
    ...extra,
    ...(n > 0 ? landmarkHeader(n) : []),
    ...aur.map((a) => `${a}_r`),
    ...auc.map((a) => `${a}_c`)
  ]
  const rows = frames.map((f) => {
    const lmk = f.landmarks ?? []
    return [
      f.frame,
      ...(hasFace ? [f.faceId ?? 0] : []),
      f.timestamp,
      f.confidence,
      f.success ? 1 : 0,
      ...extra.map((e) => f.extra[e]),
      ...(n > 0 ? [...lmk.map((p) => p[0]), ...lmk.map((p) => p[1])] : []),
      ...aur.map((a) => f.auIntensity[a]),
      ...auc.map((a) => f.auPresence[a])
    ].map(formatNumber)
  })
  return header.join(', ') + '\n' + (rows.length > 0 ? joinRows(rows) : '')
}
