import { useCallback, useEffect, useRef, useState } from 'react'
import type { RatingMode } from '../../../../../shared/annotation'
import { api } from '../../../api'
import type { Playhead } from '../../../lib/session/playhead'
import type { ValueStore } from '../own-trace-store'
import { createRecorder, type LoggedSample, type RatingValue, type Recorder, type SaveStatus } from './rating-recorder'
import { errorText } from '../../../lib/error-text'

declare global {
  interface Window {
    /** Read-only diagnostics of the live rating (the crash-loss e2e test reads what the page produced). */
    circumplexDiagnostics?: { ratingLog(): readonly LoggedSample[]; saveStatus(): SaveStatus | null }
  }
}

export interface RatingControl {
  readonly value: RatingValue
  readonly recording: boolean
  readonly status: SaveStatus | null
  readonly error: string | null
  setValue(v: RatingValue): void
  valueNow(): RatingValue
  start(): Promise<void>
  stop(): Promise<void>
}

export interface UseRatingOptions {
  readonly sessionId: string
  readonly annotatorId: string
  readonly mode: RatingMode
  readonly lagS: number
  readonly timestamps: Float64Array
  readonly playhead: Playhead
  readonly store: ValueStore
  /** After a pass ends (the passes list changes). */
  readonly onPassEnded: () => void
}

/** One live rating pass at a time: start-pass → samples per presented frame, autosaved → finish-pass. */
export function useRating(o: UseRatingOptions): RatingControl {
  const [value, setValueState] = useState<RatingValue>({ v: 0, a: 0 })
  const valueRef = useRef(value)
  const [recording, setRecording] = useState(false)
  const [status, setStatus] = useState<SaveStatus | null>(null)
  const [error, setError] = useState<string | null>(null)
  const rec = useRef<{ recorder: Recorder; passId: string } | null>(null)
  const opts = useRef(o)
  opts.current = o

  const setValue = useCallback((v: RatingValue) => {
    valueRef.current = v
    setValueState(v)
  }, [])

  const stop = useCallback(async () => {
    const cur = rec.current
    if (!cur) return
    rec.current = null
    setRecording(false)
    opts.current.playhead.setPlaying(false)
    await cur.recorder.stop()
    setStatus(cur.recorder.status())
    try {
      await api().invoke('annotations:finish-pass', { passId: cur.passId })
    } catch (e) {
      setError(errorText(e))
    }
    opts.current.onPassEnded()
  }, [])

  const start = useCallback(async () => {
    if (rec.current) return
    const p = opts.current
    setError(null)
    let pass
    try {
      pass = await api().invoke('annotations:start-pass', {
        sessionId: p.sessionId,
        annotatorId: p.annotatorId,
        mode: p.mode,
        inputLagS: p.lagS,
        speed: p.playhead.get().rate
      })
    } catch (e) {
      setError(errorText(e))
      return
    }
    const passId = pass.id
    const recorder = createRecorder({
      mode: p.mode,
      timestamps: p.timestamps,
      lagS: p.lagS,
      send: async (samples) => void (await api().invoke('annotations:append', { passId, samples })),
      onStatus: setStatus,
      onSamples: (s) => opts.current.store.applySamples(s)
    })
    rec.current = { recorder, passId }
    window.circumplexDiagnostics = { ratingLog: () => recorder.log(), saveStatus: () => recorder.status() }
    setRecording(true)
    recorder.frame(p.playhead.get().frame, valueRef.current)
    p.playhead.setPlaying(true)
  }, [])

  // Sample at every frame the video presents while recording and playing.
  useEffect(() => {
    let last = -1
    return o.playhead.subscribe(() => {
      const s = o.playhead.get()
      const cur = rec.current
      if (!cur || !s.playing || s.frame === last) return
      last = s.frame
      cur.recorder.frame(s.frame, valueRef.current)
    })
  }, [o.playhead])

  // Leaving the page ends the pass after saving what is pending.
  useEffect(() => () => void stop(), [stop])

  return { value, recording, status, error, setValue, valueNow: () => valueRef.current, start, stop }
}
