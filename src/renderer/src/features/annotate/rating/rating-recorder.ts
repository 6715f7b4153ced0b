/**
 * Live rating: turns the rater's current value into one sample per video frame and saves them continuously.
 *
 * - Sampled at the video's frames: every frame the video presents while recording gives a sample for the frame
 *   `lag` seconds earlier (frame = displayed − input lag, on the session's real timestamps); frames the player
 *   skipped (fast playback) are filled with the value held since the last sample (sample-and-hold), so a pass has
 *   no holes at 2× speed.
 * - Autosave: pending samples are sent as one batch every `flushMs` (each batch is one WAL transaction in main), one
 *   batch in flight at a time. A failed batch goes back to the front of the queue and is retried; nothing is
 *   dropped while the page lives. A crash loses at most the pending batch plus the one in flight.
 */
import type { RateSample, RatingMode } from '../../../../../shared/annotation'
import { frameAtTime } from '../../../../../core/traces/frame-time'
import { errorText } from '../../../lib/error-text'

export interface RatingValue {
  readonly v: number
  readonly a: number
}

export interface SaveStatus {
  /** Samples acknowledged by main in this pass. */
  readonly saved: number
  /** Samples produced and not yet acknowledged (queued + in flight). */
  readonly pending: number
  /** The last save error (code: message), cleared by the next successful batch. */
  readonly error: string | null
}

/** One produced sample with the wall-clock time it was made (diagnostics: the crash-loss test reads these). */
export interface LoggedSample {
  readonly frame: number
  readonly v: number | null
  readonly a: number | null
  readonly t: number
}

export interface RecorderOptions {
  readonly mode: RatingMode
  readonly timestamps: ArrayLike<number>
  readonly lagS: number
  readonly send: (samples: RateSample[]) => Promise<void>
  readonly flushMs?: number
  readonly maxBatch?: number
  readonly now?: () => number
  readonly onStatus?: (s: SaveStatus) => void
  /** Every new sample as it is produced (the page's own trace shows them before they are saved). */
  readonly onSamples?: (s: readonly RateSample[]) => void
}

export const DEFAULT_FLUSH_MS = 250
/** The IPC schema's cap per batch. */
export const MAX_BATCH = 2000
/** Largest run of skipped frames filled by sample-and-hold (more is a seek forward, not fast playback). */
export const MAX_FILL = 60

/** The frame whose content the rater was reacting to when `displayed` was on screen (−1: before the video start). */
export function laggedFrame(ts: ArrayLike<number>, displayed: number, lagS: number): number {
  if (lagS <= 0) return displayed
  const t = ts[displayed] - lagS
  if (!(t >= ts[0])) return -1
  return Math.min(displayed, frameAtTime(ts, t))
}

export function sampleOf(mode: RatingMode, frame: number, value: RatingValue): RateSample {
  if (mode === '1d-valence') return [frame, value.v, null]
  if (mode === '1d-arousal') return [frame, null, value.a]
  return [frame, value.v, value.a]
}

export interface Recorder {
  /** The video presented `displayed` while recording. */
  frame(displayed: number, value: RatingValue): void
  /** Sends what is pending now (also called by the timer). */
  flush(): Promise<void>
  /** Stops the timer after sending everything pending (resolves when the queue is empty or the send keeps failing). */
  stop(): Promise<void>
  status(): SaveStatus
  log(): readonly LoggedSample[]
}

export function createRecorder(o: RecorderOptions): Recorder {
  const now = o.now ?? (() => Date.now())
  const maxBatch = Math.min(o.maxBatch ?? MAX_BATCH, MAX_BATCH)
  let queue: RateSample[] = []
  let inFlight = 0
  let saved = 0
  let error: string | null = null
  let lastFrame = -1
  let sending: Promise<void> | null = null
  const logged: LoggedSample[] = []
  const status = (): SaveStatus => ({ saved, pending: queue.length + inFlight, error })
  const report = () => o.onStatus?.(status())

  const flush = (): Promise<void> => {
    if (sending) return sending
    if (queue.length === 0) return Promise.resolve()
    const batch = queue.slice(0, maxBatch)
    queue = queue.slice(batch.length)
    inFlight = batch.length
    sending = o
      .send(batch)
      .then(
        () => {
          saved += batch.length
          error = null
        },
        (e: { code?: string; message?: string }) => {
          queue = batch.concat(queue)
          error = errorText(e)
        }
      )
      .finally(() => {
        inFlight = 0
        sending = null
        report()
      })
    report()
    return sending
  }
  const timer = setInterval(() => void flush(), o.flushMs ?? DEFAULT_FLUSH_MS)

  return {
    frame(displayed, value) {
      const f = laggedFrame(o.timestamps, displayed, o.lagS)
      if (f < 0 || f === lastFrame) return
      // First sample, a seek backwards (rate again from there) or a seek forward: just this frame.
      const from = lastFrame < 0 || f < lastFrame || f - lastFrame > MAX_FILL ? f : lastFrame + 1
      const t = now()
      const fresh: RateSample[] = []
      for (let g = from; g <= f; g++) {
        const s = sampleOf(o.mode, g, value)
        fresh.push(s)
        queue.push(s)
        logged.push({ frame: g, v: s[1], a: s[2], t })
      }
      lastFrame = f
      o.onSamples?.(fresh)
      report()
    },
    flush,
    async stop() {
      clearInterval(timer)
      for (let tries = 0; tries < 3 && (queue.length > 0 || sending); tries++) {
        await flush()
        if (error && queue.length > 0) break
      }
    },
    status,
    log: () => logged
  }
}
