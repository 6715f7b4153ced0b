import { useEffect, type RefObject } from 'react'
import type { Playhead } from '../../lib/session/playhead'
import { isTextField } from '../../lib/session/text-field'


/** Review keys: ←/→ step (Shift = 10), Space play/pause, [ ] speed, Home/End, G jump field, L landmarks. */
export function useReviewKeys(playhead: Playhead, frameCount: number, jumpRef: RefObject<HTMLInputElement | null>, toggleLandmarks: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTextField(e.target) || e.ctrlKey || e.metaKey || e.altKey) return
      const step = e.shiftKey ? 10 : 1
      switch (e.key) {
        case 'ArrowRight':
          playhead.step(step)
          break
        case 'ArrowLeft':
          playhead.step(-step)
          break
        case ' ':
          playhead.togglePlay()
          break
        case ']':
          playhead.faster(1)
          break
        case '[':
          playhead.faster(-1)
          break
        case 'Home':
          playhead.seek(0)
          break
        case 'End':
          playhead.seek(frameCount - 1)
          break
        case 'g':
        case 'G':
          jumpRef.current?.focus()
          jumpRef.current?.select()
          break
        case 'l':
        case 'L':
          toggleLandmarks()
          break
        default:
          return
      }
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [playhead, frameCount, jumpRef, toggleLandmarks])
}

export const REVIEW_SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: '← / →', what: 'Review: previous / next frame' },
  { keys: 'Shift+← / →', what: 'Review: 10 frames back / forward' },
  { keys: 'Space', what: 'Review: play / pause' },
  { keys: '[ / ]', what: 'Review: slower / faster (0.25–2×)' },
  { keys: 'Home / End', what: 'Review: first / last frame' },
  { keys: 'G', what: 'Review: jump to a frame or time' },
  { keys: 'L', what: 'Review: show / hide landmarks' }
]
