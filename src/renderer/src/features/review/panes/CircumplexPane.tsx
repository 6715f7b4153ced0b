import { useMemo, useState } from 'react'
import { CircumplexPlane } from '../../../widgets/CircumplexPlane'
import { QUADRANTS, quadrantOf, trail } from '../../../widgets/circumplex-data'
import { useFrame, type Playhead } from '../playhead'
import type { LoadedTrace } from '../review-data'
import { TRACE_COLORS } from '../trace-plot-data'

const TRAIL = 50

/** The V-A plane at the current frame for one chosen trace; quadrant probabilities only when a model run has them. */
export function CircumplexPane({ traces, playhead, hasQuadrantProbs }: { traces: readonly LoadedTrace[]; playhead: Playhead; hasQuadrantProbs: boolean }) {
  const frame = useFrame(playhead)
  const initial = traces.find((t) => t.summary.kind === 'prediction') ?? traces.find((t) => t.summary.kind === 'gold') ?? traces[0]
  const [id, setId] = useState(initial?.summary.id ?? '')
  const idx = Math.max(0, traces.findIndex((t) => t.summary.id === id))
  const trace = traces[idx]
  const points = useMemo(() => (trace ? trail(trace.byFrame.valence, trace.byFrame.arousal, frame, TRAIL) : []), [trace, frame])
  const v = trace?.byFrame.valence[frame] ?? NaN
  const a = trace?.byFrame.arousal[frame] ?? NaN
  const current = Number.isFinite(v) && Number.isFinite(a) ? { v, a } : null
  const q = current ? QUADRANTS.find((x) => x.key === quadrantOf(current.v, current.a)) : undefined
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
        <CircumplexPlane trail={points} current={current} quadrantProbs={null} color={TRACE_COLORS[idx % TRACE_COLORS.length]} />
      </div>
      <p className="small muted">
        {current ? `V ${current.v.toFixed(3)} · A ${current.a.toFixed(3)} · ${q?.label ?? ''}` : trace ? 'no value on this frame (the trace has ended or is missing here)' : 'no trace'}
      </p>
      {!hasQuadrantProbs && <p className="small muted note">Quadrant probabilities: no model run with quadrant probabilities for this session yet.</p>}
    </section>
  )
}
