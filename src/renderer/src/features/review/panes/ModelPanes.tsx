import { useState } from 'react'
import { AttentionHeatmap } from '../../../widgets/AttentionHeatmap'
import type { AttentionData } from '../../../widgets/attention-heatmap-data'
import { GateStrip } from '../../../widgets/GateStrip'
import { nextFrameBelow } from '../../../widgets/gate-strip-data'
import { useFrame, type Playhead } from '../../../lib/session/playhead'

/** Attention and gates of a model run; none are stored by the engine yet, so both panes explain what will be here. */
export interface ModelRunSignals {
  readonly attention: AttentionData | null
  readonly gates: Float32Array | null
}

const SPAN = 250

export function ModelPanes({ signals, frameCount, playhead }: { signals: ModelRunSignals; frameCount: number; playhead: Playhead }) {
  const frame = useFrame(playhead)
  const [threshold, setThreshold] = useState(0.1)
  const from = Math.max(0, Math.min(frameCount - SPAN, frame - SPAN / 2))
  const to = Math.min(frameCount, from + SPAN)
  const gates = signals.gates
  return (
    <>
      <section className="pane attention-pane" data-testid="attention-pane" aria-label="Attention">
        <header className="pane-head">
          <h3>Attention</h3>
          <span className="muted small">frames × lag</span>
        </header>
        {signals.attention ? (
          <AttentionHeatmap data={signals.attention} from={from} to={to} currentFrame={frame} onFrame={(f) => playhead.seek(f)} />
        ) : (
          <div className="empty-state" data-testid="attention-empty">
            No model run with attention for this session yet. When a model run stores its temporal attention weights, this pane shows them as a
            frames × lag heatmap around the playhead (click to jump).
          </div>
        )}
      </section>
      <section className="pane gate-pane" data-testid="gate-pane" aria-label="Gating">
        <header className="pane-head">
          <h3>Gating</h3>
          <label className="small">
            T<sub>ZG</sub>{' '}
            <input type="number" step={0.01} min={0} max={0.5} value={threshold} onChange={(e) => setThreshold(Math.max(0, Math.min(0.5, Number(e.target.value) || 0)))} />
          </label>
          <button
            className="small-btn"
            disabled={!gates}
            title="Next frame where the gate is below T (N)"
            onClick={() => {
              if (!gates) return
              const f = nextFrameBelow(gates, frame, threshold)
              if (f >= 0) playhead.seek(f)
            }}
          >
            next gate &lt; T
          </button>
        </header>
        {gates ? (
          <GateStrip gates={gates} threshold={threshold} from={from} to={to} currentFrame={frame} onFrame={(f) => playhead.seek(f)} />
        ) : (
          <div className="empty-state" data-testid="gate-empty">
            No model run with gate values for this session yet. Gated-fusion runs will show each frame&apos;s gate here, coloured closed / mixed / open by
            the threshold T<sub>ZG</sub>.
          </div>
        )}
      </section>
    </>
  )
}
