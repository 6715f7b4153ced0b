/**
 * Run tags: free labels for search and filtering ("baseline", "paper-lr", "sewa 5-fold"). A tag is stored
 * trimmed, with inner runs of white space as one space, and in lower case, so "Baseline " and "baseline" are one
 * tag; 1-50 characters (the run_tags CHECK of migration 0005), no control characters; duplicates are dropped.
 */
import { AppError } from '../../shared/ipc/errors'

export const MAX_TAG_LENGTH = 50
export const MAX_TAGS_PER_RUN = 32

/** The stored form of one tag; throws `INVALID_ARGUMENT` naming the tag when it is empty, too long or has control characters. */
export function normalizeTag(raw: string): string {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new AppError('INVALID_ARGUMENT', `tag ${JSON.stringify(raw)} contains a control character`)
  const t = raw.trim().replace(/\s+/g, ' ').toLowerCase()
  if (t.length === 0) throw new AppError('INVALID_ARGUMENT', 'a tag is empty')
  if ([...t].length > MAX_TAG_LENGTH) throw new AppError('INVALID_ARGUMENT', `tag "${t.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters`)
  return t
}

/** Normalised, de-duplicated, sorted tags; throws `INVALID_ARGUMENT` on a bad tag or more than `MAX_TAGS_PER_RUN`. */
export function normalizeTags(raw: readonly string[]): string[] {
  const out = [...new Set(raw.map(normalizeTag))].sort()
  if (out.length > MAX_TAGS_PER_RUN) throw new AppError('INVALID_ARGUMENT', `at most ${MAX_TAGS_PER_RUN} tags per run (got ${out.length})`)
  return out
}

/** `current` with `add` added (or, with `remove`, taken out); returns the new list and the tags that were not there to remove. */
export function editTags(current: readonly string[], given: readonly string[], mode: 'add' | 'remove'): { tags: string[]; missing: string[] } {
  const g = normalizeTags(given)
  if (mode === 'add') return { tags: normalizeTags([...current, ...g]), missing: [] }
  const gone = new Set(g)
  return { tags: current.filter((t) => !gone.has(t)), missing: g.filter((t) => !current.includes(t)) }
}
