/** A drag handle between panes: reports the pointer's movement (px) along its axis while dragged. */
export function Splitter({ axis, onDrag, label }: { axis: 'x' | 'y'; onDrag: (delta: number) => void; label: string }) {
  return (
    <div
      className={`splitter splitter-${axis}`}
      role="separator"
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      aria-label={label}
      onPointerDown={(e) => {
        e.preventDefault()
        const el = e.currentTarget
        el.setPointerCapture(e.pointerId)
        let last = axis === 'x' ? e.clientX : e.clientY
        const move = (ev: PointerEvent) => {
          const now = axis === 'x' ? ev.clientX : ev.clientY
          onDrag(now - last)
          last = now
        }
        const up = () => {
          el.removeEventListener('pointermove', move)
          el.removeEventListener('pointerup', up)
        }
        el.addEventListener('pointermove', move)
        el.addEventListener('pointerup', up)
      }}
    />
  )
}
