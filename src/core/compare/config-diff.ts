/**
 * Differences between two run configurations, leaf by leaf (`gmu.mode`, `curriculum[2]`), and the identity of a
 * configuration for grouping runs over folds.
 *
 * - Objects are compared key by key (first `a`'s keys in order, then `b`'s extra keys); arrays index by index.
 * - A leaf is a string, number, boolean, null, or an empty object/array. A key present on one side only lists every
 *   leaf under it with the other side absent (`null`). Where the kinds differ (an object vs a number), the path is
 *   one entry with both values whole.
 * - Values are given as compact JSON text, so 1 and "1" differ visibly; an absent side is `null`.
 */
import type { ConfigDiffEntry } from '../../shared/compare'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
const isContainer = (x: unknown): x is Record<string, unknown> | unknown[] => typeof x === 'object' && x !== null
const isEmptyContainer = (x: unknown): boolean => (Array.isArray(x) ? x.length === 0 : isObject(x) && Object.keys(x).length === 0)

function jsonText(x: unknown): string {
  return JSON.stringify(x) ?? 'null'
}

function childPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`
  const plain = /^[A-Za-z_$][\w$-]*$/.test(key)
  const seg = plain ? key : JSON.stringify(key)
  return base === '' ? (plain ? seg : `[${seg}]`) : plain ? `${base}.${seg}` : `${base}[${seg}]`
}

function children(x: Record<string, unknown> | unknown[]): Array<[string | number, unknown]> {
  return Array.isArray(x) ? x.map((v, i) => [i, v]) : Object.entries(x)
}

/** Every leaf under `x` as [path, JSON text]. */
function leaves(x: unknown, path: string, out: Array<[string, string]>): void {
  if (isContainer(x) && !isEmptyContainer(x)) {
    for (const [k, v] of children(x)) leaves(v, childPath(path, k), out)
  } else out.push([path === '' ? '(root)' : path, jsonText(x)])
}

export interface ConfigDiff {
  readonly entries: ConfigDiffEntry[]
  readonly equalLeaves: number
}

/** The differing leaves of `a` and `b` (see the module comment) and how many leaves are equal. */
export function diffConfigs(a: unknown, b: unknown): ConfigDiff {
  const entries: ConfigDiffEntry[] = []
  let equalLeaves = 0
  const walk = (x: unknown, y: unknown, path: string, hasX: boolean, hasY: boolean): void => {
    const name = path === '' ? '(root)' : path
    if (!hasX || !hasY) {
      const ls: Array<[string, string]> = []
      leaves(hasX ? x : y, path, ls)
      for (const [p, v] of ls) entries.push({ path: p, a: hasX ? v : null, b: hasY ? v : null })
      return
    }
    const bothArrays = Array.isArray(x) && Array.isArray(y)
    const bothObjects = isObject(x) && isObject(y)
    if ((bothArrays || bothObjects) && !(isEmptyContainer(x) && isEmptyContainer(y))) {
      if (bothArrays) {
        const xa = x as unknown[]
        const ya = y as unknown[]
        for (let i = 0; i < Math.max(xa.length, ya.length); i++) walk(xa[i], ya[i], childPath(path, i), i < xa.length, i < ya.length)
      } else {
        const xo = x as Record<string, unknown>
        const yo = y as Record<string, unknown>
        const keys = [...Object.keys(xo), ...Object.keys(yo).filter((k) => !Object.hasOwn(xo, k))]
        for (const k of keys) walk(xo[k], yo[k], childPath(path, k), Object.hasOwn(xo, k), Object.hasOwn(yo, k))
      }
      return
    }
    const tx = jsonText(x)
    const ty = jsonText(y)
    if (tx === ty) equalLeaves++
    else entries.push({ path: name, a: tx, b: ty })
  }
  walk(a, b, '', true, true)
  return { entries, equalLeaves }
}

/** JSON text with object keys sorted at every level: equal configurations give equal text. */
export function canonicalJson(x: unknown): string {
  const sort = (v: unknown): Json => {
    if (Array.isArray(v)) return v.map(sort)
    if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) as Json
    return (v === undefined ? null : v) as Json
  }
  return JSON.stringify(sort(x))
}

/**
 * Top-level fields of a stored run config that are not part of the configuration: the fold, and what a sequence
 * run records about itself (status, dims, clips, final and stage results, and the stage-1 runs of that fold).
 */
export const RUN_RECORD_KEYS: readonly string[] = ['fold', 'status', 'dims', 'clips', 'final', 'stages', 'stage1']

/** The configuration of a run without its fold and result fields (see `RUN_RECORD_KEYS`), as canonical JSON. */
export function configIdentity(config: unknown): string {
  if (!isObject(config)) return canonicalJson(config)
  return canonicalJson(Object.fromEntries(Object.entries(config).filter(([k]) => !RUN_RECORD_KEYS.includes(k))))
}

/** 8 hex digits of FNV-1a over the UTF-16 code units (an identity for display, not for security). */
export function shortHash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}
