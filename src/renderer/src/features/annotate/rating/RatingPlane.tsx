import { useMemo, useRef, type PointerEvent, type WheelEvent } from 'react'
import { CircumplexPlane } from '../../../widgets/CircumplexPlane'
import type { TrailPoint } from '../../../widgets/circumplex-data'
import { applyWheel, planeValue } from './rating-input'
import type { RatingValue } from './rating-recorder'

/** The plane's margin inside its square (CircumplexPlane draws with the same pad). */
const PAD = 22

export interface RatingPlaneProps {
  readonly value: RatingValue
  readonly trail: readonly TrailPoint[]
  readonly ghost: RatingValue | null
  readonly onChange: (v: RatingValue) => void
}

/** 2-D circumplex rating: press and move the mouse in the plane (or use a gamepad stick / the arrow keys). */
export function RatingPlane({ value, trail, ghost, onChange }: RatingPlaneProps) {
  const box = useRef<HTMLDivElement>(null)
  const set = (e: PointerEvent<HTMLDivElement>) => {
    const r = box.current!.getBoundingClientRect()
    const size = Math.min(r.width, r.height)
    onChange(planeValue(e.clientX - r.left, e.clientY - r.top, size, PAD))
  }
  const current = useMemo(() => ({ v: value.v, a: value.a }), [value.v, value.a])
  // Canvas colours cannot be CSS variables: resolve the accent once.
  const color = useMemo(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || '#3b6ef5', [])
  return (
    <div className="rating-plane" data-testid="rating-plane" data-v={value.v.toFixed(4)} data-a={value.a.toFixed(4)}>
      <div
        ref={box}
        className="rating-plane-box"
        role="application"
        aria-label="valence–arousal rating plane"
        tabIndex={0}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId)
          set(e)
        }}
        onPointerMove={(e) => {
          if (e.buttons & 1) set(e)
        }}
        onWheel={(e: WheelEvent<HTMLDivElement>) => onChange(applyWheel(value, '2d', e.deltaY))}
      >
        <CircumplexPlane trail={trail} current={ghost ?? current} quadrantProbs={null} color={color} />
      </div>
      <div className="rating-readout" data-testid="rating-readout">
        V {value.v >= 0 ? '+' : '−'}
        {Math.abs(value.v).toFixed(2)} · A {value.a >= 0 ? '+' : '−'}
        {Math.abs(value.a).toFixed(2)}
        {ghost && <span className="muted"> · replay V {ghost.v.toFixed(2)} A {ghost.a.toFixed(2)}</span>}
      </div>
    </div>
  )
}
