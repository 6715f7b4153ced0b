import { useMemo, useState } from 'react'
import { CircumplexPlane } from '../../../widgets/CircumplexPlane'
import { QUADRANTS, quadrantOf, trail } from '../../../widgets/circumplex-data'
import { useFrame, type Playhead } from '../../../lib/session/playhead'
import type { ReviewTrace } from '../review-data'
import { TRACE_COLORS } from '../trace-plot-data'
import type { TraceStore } from '../trace-view'
import { useTraceWindows } from '../use-trace-windows'

const TRAIL = 50
/** Frames fetched ahead of the playhead, so playback rarely waits at a chunk boundary. */
const AHEAD = 256

/**
 * The V-A plane at the current frame for one chosen trace; quadrant probabilities only when a model run has them.
 * Values come from the full-resolution window around the playhead (fetched lazily, cached per chunk).
 */
export function CircumplexPane({
  traces,
  store,
  playhead,
  quadrants,
  quadrantSource
}: {
  traces: readonly ReviewTrace[]
  store: TraceStore
  playhead: Playhead
  /** frames × 4 quadrant probabilities of the chosen model run (null: none stored). */
  quadrants: Float32Array | null
  quadrantSource: string | null
}) {
  const frame = useFrame(playhead)
  const initial = traces.find((t) => t.summary.kind === 'prediction') ?? traces.find((t) => t.summary.kind === 'gold') ?? traces[0]
  const [id, setId] = useState(initial?.summary.id ?? '')
  const idx = Math.max(0, traces.findIndex((t) => t.summary.id === id))
  const trace = traces[idx]
  const win = useTraceWindows(store, trace ? [trace.summary.id] : [], Math.max(0, frame - TRAIL), frame + AHEAD).get(trace?.summary.id ?? '')
  const points = useMemo(() => (win ? trail(win.byFrame.valence, win.byFrame.arousal, frame - win.from, TRAIL) : []), [win, frame])
  const v = win?.byFrame.valence[frame - win.from] ?? NaN
  const a = win?.byFrame.arousal[frame - win.from] ?? NaN
  const current = Number.isFinite(v) && Number.isFinite(a) ? { v, a } : null
  const q = current ? QUADRANTS.find((x) => x.key === quadrantOf(current.v, current.a)) : undefined
  const probs = useMemo(() => {
    if (!quadrants || (frame + 1) * 4 > quadrants.length) return null
    const p = quadrants.subarray(frame * 4, frame * 4 + 4)
    return p.every(Number.isFinite) ? { q1: p[0], q2: p[1], q3: p[2], q4: p[3] } : null
  }, [quadrants, frame])
  return (
    <section className="pane circumplex-pane" data-testid="circumplex-pane" data-frame={frame} aria-label="Circumplex">
      <header className="pane-head">
        <h3>Circumplex</h3>
        {traces.length > 0 && (
          <select value={trace?.summary.id} onChange={(e) => setId(e.target.value)} aria-label="trace on the plane">
            {traces.map((t) => (
              <option key={t.summary.id} value={t.summary.id}>
                {t.summary.name}
              </option>
            ))}
          </select>
        )}
      </header>
      <div className="circumplex-box">
        <CircumplexPlane trail={points} current={current} quadrantProbs={probs} color={TRACE_COLORS[idx % TRACE_COLORS.length]} />
      </div>
      <p className="small muted">
        {current ? `V ${current.v.toFixed(3)} · A ${current.a.toFixed(3)} · ${q?.label ?? ''}` : !trace ? 'no trace' : !win ? 'loading…' : 'no value on this frame (the trace has ended or is missing here)'}
      </p>
      {quadrants ? (
        <p className="small muted note" data-testid="quadrant-source">
          Quadrant probabilities of {quadrantSource}
          {probs ? '' : ' (none on this frame)'}
        </p>
      ) : (
        <p className="small muted note">Quadrant probabilities: no model run with quadrant probabilities for this session yet.</p>
      )}
    </section>
  )
}
