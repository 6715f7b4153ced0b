/**
 * The synchronisation check of the review workspace: every pane exposes what it shows (data-frame and the position
 * derived from it); the check says whether they all show the expected frame at the right place. Used by the e2e
 * test, and unit-tested with a deliberately off-by-one pane so we know it can fail.
 */
export interface PaneSnapshot {
  /** The transport's frame counter. */
  readonly counter: number
  /** Frame the video pane reports (from the presented frame's media time). */
  readonly video: number
  /** Frame and cursor time (s) of the traces pane. */
  readonly traces: { readonly frame: number; readonly cursorTime: number }
  /** Frame and crop-window centre column of the spectrogram; null when the session has no spectrogram. */
  readonly spectrogram: { readonly frame: number; readonly windowStart: number; readonly windowEnd: number } | null
}

export interface SyncClock {
  readonly timestamps: ArrayLike<number>
  /** Spectrogram mapping; null when there is none. */
  readonly audio: { readonly originSec: number; readonly sampleRate: number; readonly hop: number } | null
}

/** Problems found (empty = in sync). */
export function syncProblems(s: PaneSnapshot, expectedFrame: number, clock: SyncClock): string[] {
  const out: string[] = []
  const t = clock.timestamps[expectedFrame]
  if (s.counter !== expectedFrame) out.push(`frame counter shows ${s.counter}, expected ${expectedFrame}`)
  if (s.video !== expectedFrame) out.push(`video shows frame ${s.video}, expected ${expectedFrame}`)
  if (s.traces.frame !== expectedFrame) out.push(`trace cursor is at frame ${s.traces.frame}, expected ${expectedFrame}`)
  if (!(Math.abs(s.traces.cursorTime - t) < 1e-6)) out.push(`trace cursor is at ${s.traces.cursorTime} s, frame ${expectedFrame} is at ${t} s`)
  if (clock.audio) {
    if (!s.spectrogram) out.push('spectrogram window is missing')
    else {
      const c = Math.round(((t - clock.audio.originSec) * clock.audio.sampleRate) / clock.audio.hop)
      if (s.spectrogram.frame !== expectedFrame) out.push(`spectrogram window is at frame ${s.spectrogram.frame}, expected ${expectedFrame}`)
      if (s.spectrogram.windowStart !== c - 64 || s.spectrogram.windowEnd !== c + 64) {
        out.push(`spectrogram window is [${s.spectrogram.windowStart}, ${s.spectrogram.windowEnd}), frame ${expectedFrame} needs [${c - 64}, ${c + 64})`)
      }
    }
  }
  return out
}

export function assertPanesInSync(s: PaneSnapshot, expectedFrame: number, clock: SyncClock): void {
  const p = syncProblems(s, expectedFrame, clock)
  if (p.length > 0) throw new Error(`panes out of sync: ${p.join('; ')}`)
}
