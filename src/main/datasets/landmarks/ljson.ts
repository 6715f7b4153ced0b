/**
 * menpo LJSON v3 landmark files (`.ljson`):
 * `{"version": 3, "groups": {"<group>": {"landmarks": {"points": [[y, x], ...], "connectivity": [[i, j], ...]},
 *   "labels": [{"label": "jaw", "mask": [0, 1, ...]}, ...]}}}`.
 *
 * menpo stores points as [y, x] (row, column — numpy image axes); the reader converts them to [x, y], the
 * writer converts back. Missing points are `[null, null]` and read as `null`. Coordinates are menpo's
 * 0-based pixel coordinates (origin at the top-left pixel centre). Label masks and connectivity indices
 * must refer to existing points.
 */
import { parseError } from '../formats/csv'
import type { CoordinateOrigin, Point2 } from './points'

export const LJSON_ORIGIN: CoordinateOrigin = 0

export interface LjsonGroup {
  /** [x, y] (converted from the file's [y, x]); null for a missing point. */
  points: Array<Point2 | null>
  connectivity: Array<[number, number]>
  labels: Array<{ label: string; mask: number[] }>
}

export interface LjsonFile {
  groups: Record<string, LjsonGroup>
}

const F = 'LJSON'

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function index(v: unknown, n: number, at: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n) {
    throw parseError(`${F}: ${at}: index ${JSON.stringify(v)} out of range for ${n} points`)
  }
  return v
}

export function readLjson(text: string): LjsonFile {
  let doc: unknown
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (e) {
    throw parseError(`${F}: invalid JSON: ${(e as Error).message}`)
  }
  if (!isObj(doc)) throw parseError(`${F}: top level must be an object`)
  if (doc.version !== 3) throw parseError(`${F}: field 'version': only version 3 is supported, found ${JSON.stringify(doc.version)}`)
  if (!isObj(doc.groups)) throw parseError(`${F}: field 'groups' missing or not an object`)
  const groups: Record<string, LjsonGroup> = {}
  for (const [name, g] of Object.entries(doc.groups)) {
    const at = `groups.${name}`
    if (!isObj(g) || !isObj(g.landmarks) || !Array.isArray(g.landmarks.points)) throw parseError(`${F}: ${at}.landmarks.points: missing or not an array`)
    const points = g.landmarks.points.map((p: unknown, i: number): Point2 | null => {
      if (!Array.isArray(p) || p.length !== 2) throw parseError(`${F}: ${at}.landmarks.points[${i}]: expected [y, x]`)
      if (p[0] === null && p[1] === null) return null
      if (typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        throw parseError(`${F}: ${at}.landmarks.points[${i}]: expected two finite numbers or [null, null], found ${JSON.stringify(p)}`)
      }
      return [p[1], p[0]]
    })
    const n = points.length
    const connRaw = g.landmarks.connectivity ?? []
    if (!Array.isArray(connRaw)) throw parseError(`${F}: ${at}.landmarks.connectivity: expected an array`)
    const connectivity = connRaw.map((c: unknown, i: number): [number, number] => {
      if (!Array.isArray(c) || c.length !== 2) throw parseError(`${F}: ${at}.landmarks.connectivity[${i}]: expected [i, j]`)
      return [index(c[0], n, `${at}.landmarks.connectivity[${i}][0]`), index(c[1], n, `${at}.landmarks.connectivity[${i}][1]`)]
    })
    const labelsRaw = g.labels ?? []
    if (!Array.isArray(labelsRaw)) throw parseError(`${F}: ${at}.labels: expected an array`)
    const labels = labelsRaw.map((l: unknown, i: number) => {
      if (!isObj(l) || typeof l.label !== 'string' || !Array.isArray(l.mask)) throw parseError(`${F}: ${at}.labels[${i}]: expected {label, mask}`)
      return { label: l.label, mask: l.mask.map((m: unknown, k: number) => index(m, n, `${at}.labels[${i}].mask[${k}]`)) }
    })
    groups[name] = { points, connectivity, labels }
  }
  return { groups }
}

export function writeLjson(file: LjsonFile): string {
  const groups: Record<string, unknown> = {}
  for (const [name, g] of Object.entries(file.groups)) {
    groups[name] = {
      labels: g.labels,
      landmarks: { connectivity: g.connectivity, points: g.points.map((p) => (p === null ? [null, null] : [p[1], p[0]])) }
    }
  }
  return JSON.stringify({ groups, version: 3 }) + '\n'
}
