import { useEffect, useRef } from 'react'
import type { RatingMode } from '../../../../shared/annotation'
import type { Playhead } from '../../lib/session/playhead'
import { isTextField } from '../../lib/session/text-field'
import type { AnnotateTab } from './place'
import { applyKey } from './rating/rating-input'
import type { RatingControl } from './rating/use-rating'


export interface AnnotateKeys {
  readonly tab: AnnotateTab
  readonly mode: RatingMode
  readonly playhead: Playhead
  readonly rating: RatingControl
  readonly undo: () => void
  readonly redo: () => void
  /** Ctrl+L: complete the session from the own trace's rated frames. */
  readonly complete?: () => void
}

/**
 * Keys of the annotate workspace. Rating keys (↑/↓, W/S, 0; in 2-D also ←/→, A/D) win in the Rate tab; otherwise
 * ←/→ step frames (Shift = 10), ,/. always step; Space play/pause; [ ] speed; Home start; R record; Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y)
 * undo/redo of the own trace; Ctrl+L complete the session.
 */
export function useAnnotateKeys(k: AnnotateKeys): void {
  const ref = useRef(k)
  ref.current = k
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const c = ref.current
      if (isTextField(e.target, { selects: true }) || e.altKey || e.metaKey) return
      if (e.ctrlKey) {
        const key = e.key.toLowerCase()
        if (key === 'z' && !e.shiftKey) c.undo()
        else if ((key === 'z' && e.shiftKey) || key === 'y') c.redo()
        else if (key === 'l' && c.complete) c.complete()
        else return
        e.preventDefault()
        return
      }
      if (c.tab === 'rate') {
        const next = applyKey(c.rating.valueNow(), c.mode, e.key, e.shiftKey)
        if (next) {
          c.rating.setValue(next)
          e.preventDefault()
          return
        }
        if (e.key === 'r' || e.key === 'R') {
          void (c.rating.recording ? c.rating.stop() : c.rating.start())
          e.preventDefault()
          return
        }
      }
      const step = e.shiftKey ? 10 : 1
      switch (e.key) {
        case 'ArrowRight':
        case '.':
          c.playhead.step(step)
          break
        case 'ArrowLeft':
        case ',':
          c.playhead.step(-step)
          break
        case ' ':
          c.playhead.togglePlay()
          break
        case ']':
          c.playhead.faster(1)
          break
        case '[':
          c.playhead.faster(-1)
          break
        case 'Home':
          c.playhead.seek(0)
          break
        default:
          return
      }
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

export const ANNOTATE_SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: 'R', what: 'Annotate: start / stop a rating pass (the video plays)' },
  { keys: '↑ / ↓ or W / S', what: 'Annotate: rate up / down (Shift = coarse); in 2-D also ← / → or A / D for valence' },
  { keys: '0', what: 'Annotate: back to neutral' },
  { keys: ', / .', what: 'Annotate: previous / next frame (← / → too in 1-D)' },
  { keys: 'Ctrl+Z / Ctrl+Shift+Z', what: 'Annotate: undo / redo an edit of your trace (persists across restarts)' },
  { keys: 'Ctrl+L', what: 'Annotate: complete the session — learn from your rated frames, propose the rest with a confidence band' }
]
