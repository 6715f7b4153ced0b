import { useMemo, useState } from 'react'
import { AttentionHeatmap } from '../../../widgets/AttentionHeatmap'
import { GateStrip } from '../../../widgets/GateStrip'
import { nextFrameBelow } from '../../../widgets/gate-strip-data'
import { usePlayhead, type Playhead } from '../../../lib/session/playhead'
import { DELTA_WA_LEVELS, type SegmentMode } from '../../../../../core/analysis/attention-spread'
import { spreadRuns } from '../spread-strip'
import { AttentionWindow } from './AttentionWindow'
import { useAttention, type SignalRun } from '../model-signals'

const SPAN = 250
/** The shown window moves in steps of this many frames, so the heatmap, strips and spread are recomputed only when
 * it moves (not on every frame while playing or scrubbing); the cursor moves every frame. */
const STEP = 25

export interface ModelPanesProps {
  /** Prediction traces with per-frame signals; the chosen one feeds both panes. */
  readonly runs: readonly SignalRun[]
  readonly run: SignalRun | null
  readonly onRun: (traceId: string) => void
  readonly gates: Float32Array | null
  readonly frameCount: number
  readonly playhead: Playhead
  readonly sessionId: string
}

/** Attention heatmap (frames × lag around the playhead) and gating strip of the chosen model run. */
export function ModelPanes({ runs, run, onRun, gates, frameCount, playhead, sessionId }: ModelPanesProps) {
  const { frame, playing } = usePlayhead(playhead)
  const [level, setLevel] = useState(DELTA_WA_LEVELS[1])
  const [mode, setMode] = useState<SegmentMode>('above')
  const [threshold, setThreshold] = useState(0.1)
  const from = Math.max(0, Math.min(frameCount - SPAN, Math.floor((frame - SPAN / 2) / STEP) * STEP))
  const to = Math.min(frameCount, from + SPAN)
  const attention = useAttention(run, frameCount, from, to)
  const spread = useMemo(() => (attention ? spreadRuns(attention, from, to, level, mode) : []), [attention, from, to, level, mode])
  return (
    <>
      <section className="pane attention-pane" data-testid="attention-pane" aria-label="Attention">
        <header className="pane-head">
          <h3>Attention</h3>
          {runs.length > 0 ? (
            <select value={run?.traceId ?? ''} onChange={(e) => onRun(e.target.value)} aria-label="Model run" data-testid="signal-run">
              {runs.map((r) => (
                <option key={r.traceId} value={r.traceId}>
                  {r.name}
                </option>
              ))}
            </select>
          ) : null}
          <span className="muted small">frames × lag (row k: k frames back)</span>
        </header>
        {attention ? (
          <>
            <AttentionHeatmap data={attention} from={from} to={to} currentFrame={frame} onFrame={(f) => playhead.seek(f)} />
            <div className="spread-strip" data-testid="spread-strip" title={`frames whose attention spread ΔWᵃ is ${mode === 'above' ? 'above' : 'at most'} ${level} %`}>
              {spread.map((r) => (
                <i key={r.from} style={{ left: `${(100 * (r.from - from)) / (to - from)}%`, width: `${(100 * (r.to - r.from)) / (to - from)}%` }} />
              ))}
            </div>
            <div className="spread-controls small muted">
              ΔWᵃ
              <select value={mode} onChange={(e) => setMode(e.target.value as SegmentMode)} aria-label="Spread mode">
                <option value="above">above (thesis text)</option>
                <option value="at-most">≤ (thesis tables)</option>
              </select>
              <select value={level} onChange={(e) => setLevel(Number(e.target.value))} aria-label="Spread level">
                {DELTA_WA_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {l} %
                  </option>
                ))}
              </select>
            </div>
            <AttentionWindow sessionId={sessionId} data={attention} frame={frame} playing={playing} onFrame={(f) => playhead.seek(f)} />
          </>
        ) : (
          <div className="empty-state" data-testid="attention-empty">
            {run ? `${run.name} stores no attention weights.` : 'No model run with attention for this session yet.'} When a model run stores its temporal attention weights, this pane shows them as a
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
