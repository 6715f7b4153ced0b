import { useRef, type PointerEvent, type WheelEvent } from 'react'
import type { RatingMode } from '../../../../../shared/annotation'
import { applyWheel, sliderValue } from './rating-input'
import type { RatingValue } from './rating-recorder'

export interface RatingSliderProps {
  readonly mode: '1d-valence' | '1d-arousal'
  readonly value: RatingValue
  /** A replayed value shown as a ghost marker (null: none). */
  readonly ghost: number | null
  readonly onChange: (v: RatingValue) => void
}

/** 1-D continuous rating: a vertical track (+1 top, −1 bottom) dragged with the mouse, the wheel or the keys. */
export function RatingSlider({ mode, value, ghost, onChange }: RatingSliderProps) {
  const track = useRef<HTMLDivElement>(null)
  const dim = mode === '1d-valence' ? 'valence' : 'arousal'
  const x = mode === '1d-valence' ? value.v : value.a
  const set = (e: PointerEvent<HTMLDivElement>) => {
    const r = track.current!.getBoundingClientRect()
    const y = sliderValue(e.clientY - r.top, r.height)
    onChange(mode === '1d-valence' ? { ...value, v: y } : { ...value, a: y })
  }
  const pct = (u: number) => `${((1 - u) / 2) * 100}%`
  return (
    <div className={`rating-slider ${dim}`} data-testid="rating-slider" data-value={x.toFixed(4)}>
      <div className="rating-slider-labels muted small">
        <span>+1 {dim === 'valence' ? 'positive' : 'activated'}</span>
        <span>−1 {dim === 'valence' ? 'negative' : 'calm'}</span>
      </div>
      <div
        ref={track}
        className="rating-track"
        role="slider"
        aria-label={`${dim} rating`}
        aria-valuemin={-1}
        aria-valuemax={1}
        aria-valuenow={Number(x.toFixed(3))}
        tabIndex={0}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId)
          set(e)
        }}
        onPointerMove={(e) => {
          if (e.buttons & 1) set(e)
        }}
        onWheel={(e: WheelEvent<HTMLDivElement>) => onChange(applyWheel(value, mode as RatingMode, e.deltaY))}
      >
        <div className="rating-zero" />
        {ghost !== null && Number.isFinite(ghost) && <div className="rating-ghost" style={{ top: pct(ghost) }} />}
        <div className="rating-thumb" style={{ top: pct(x) }} />
      </div>
      <div className="rating-readout" data-testid="rating-readout">
        {dim} {x >= 0 ? '+' : '−'}
        {Math.abs(x).toFixed(2)}
      </div>
    </div>
  )
}
