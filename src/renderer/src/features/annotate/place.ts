/**
 * Where the annotator was: who they are and the last session/mode/tab (localStorage, per app origin). The frame
 * to resume at comes from the database (the newest pass's last saved batch), so it survives a crash of the app.
 */
import type { RatingMode } from '../../../../shared/annotation'

export type AnnotateTab = 'rate' | 'correct' | 'agreement'

export interface Place {
  readonly annotatorId: string | null
  readonly sessionId: string | null
  readonly mode: RatingMode
  readonly tab: AnnotateTab
  readonly lagS: number
  readonly blind: boolean
}

const KEY = 'circumplex.annotate.place'
const DEFAULT: Place = { annotatorId: null, sessionId: null, mode: '2d', tab: 'rate', lagS: 0, blind: false }
const MODES: readonly RatingMode[] = ['1d-valence', '1d-arousal', '2d']
const TABS: readonly AnnotateTab[] = ['rate', 'correct', 'agreement']

/** Parses a stored place; anything malformed falls back to the defaults field by field. */
export function parsePlace(text: string | null): Place {
  if (!text) return DEFAULT
  let o: Record<string, unknown>
  try {
    const v: unknown = JSON.parse(text)
    if (typeof v !== 'object' || v === null) return DEFAULT
    o = v as Record<string, unknown>
  } catch {
    return DEFAULT
  }
  const str = (x: unknown) => (typeof x === 'string' && x.length > 0 && x.length < 200 ? x : null)
  return {
    annotatorId: str(o.annotatorId),
    sessionId: str(o.sessionId),
    mode: MODES.includes(o.mode as RatingMode) ? (o.mode as RatingMode) : DEFAULT.mode,
    tab: TABS.includes(o.tab as AnnotateTab) ? (o.tab as AnnotateTab) : DEFAULT.tab,
    lagS: typeof o.lagS === 'number' && o.lagS >= 0 && o.lagS <= 10 ? o.lagS : 0,
    blind: o.blind === true
  }
}

export function loadPlace(): Place {
  try {
    return parsePlace(localStorage.getItem(KEY))
  } catch {
    return DEFAULT
  }
}

export function savePlace(patch: Partial<Place>): Place {
  const next = { ...loadPlace(), ...patch }
  try {
    localStorage.setItem(KEY, JSON.stringify(next))
  } catch {
    // storage full or disabled: the place is a convenience, the data is in the database
  }
  return next
}
