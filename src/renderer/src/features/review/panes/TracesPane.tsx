import { useEffect, useMemo, useRef, useState } from 'react'
import { PlotlyChart, type PlotGeometry } from '../../../widgets/PlotlyChart'
import { frameAtMediaTime } from '../frame-sync'
import { useFrame, type Playhead } from '../playhead'
import type { LoadedTrace } from '../review-data'
import { TRACE_COLORS, cccTrack, traceFigure, type CccPair } from '../trace-plot-data'

export interface TracesPaneProps {
  readonly traces: readonly LoadedTrace[]
  readonly timestamps: Float64Array
  readonly fps: number
  readonly playhead: Playhead
  /** The x range shown (seconds), for CSV export. */
  readonly onRange: (range: readonly [number, number]) => void
}

const PLOT_CONFIG = { displayModeBar: false, scrollZoom: false } as const

let webgl: boolean | null = null
/** scattergl needs WebGL; without it (software-only browsers) the decimated traces are drawn as SVG. */
function hasWebgl(): boolean {
  if (webgl === null) {
    try {
      const gl = document.createElement('canvas').getContext('webgl')
      webgl = !!gl && ['ANGLE_instanced_arrays', 'OES_element_index_uint'].every((x) => gl.getExtension(x) !== null)
    } catch {
      webgl = false
    }
  }
  return webgl
}

function cssColors() {
  const s = getComputedStyle(document.documentElement)
  const v = (n: string, f: string) => s.getPropertyValue(n).trim() || f
  return { text: v('--text', '#222'), grid: v('--border', '#ddd'), panel: v('--panel', '#fff') }
}

/** The cursor: a DOM line over the plot area, so following the playhead never re-plots. */
function Cursor({ playhead, timestamps, geometry }: { playhead: Playhead; timestamps: Float64Array; geometry: PlotGeometry | null }) {
  const frame = useFrame(playhead)
  const t = timestamps[frame] ?? 0
  const g = geometry
  const inside = g && t >= g.x0 && t <= g.x1
  return (
    <div className="trace-cursor-layer" data-testid="trace-cursor" data-frame={frame} data-cursor-time={t}>
      {g && inside && <div className="trace-cursor" style={{ left: g.left + ((t - g.x0) / (g.x1 - g.x0)) * g.width, top: g.top, height: g.height }} />}
    </div>
  )
}

/** Valence and arousal of every trace over time (plotly scattergl), sources toggled, windowed CCC of two traces. */
export function TracesPane({ traces, timestamps, fps, playhead, onRange }: TracesPaneProps) {
  const end = timestamps.length ? timestamps[timestamps.length - 1] : 1
  const start = timestamps.length ? timestamps[0] : 0
  const [visible, setVisible] = useState<ReadonlySet<string>>(() => new Set(traces.map((t) => t.summary.id)))
  const [range, setRange] = useState<readonly [number, number]>([start, end])
  const [geometry, setGeometry] = useState<PlotGeometry | null>(null)
  const [pair, setPair] = useState<CccPair>({
    a: traces[0]?.summary.id ?? '',
    b: traces[1]?.summary.id ?? '',
    dim: 'valence',
    window: Math.max(4, Math.round(fps * 5))
  })
  const [colors, setColors] = useState(cssColors)
  const [gl, setGl] = useState(hasWebgl)
  useEffect(() => {
    // The theme is switched on <html data-theme> after React renders: follow the attribute itself.
    const mo = new MutationObserver(() => setColors(cssColors()))
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
    return () => mo.disconnect()
  }, [])
  const box = useRef<HTMLDivElement>(null)
  // Decimation bins follow the plot width (rounded so small resizes do not re-plot).
  const bins = Math.max(200, Math.round((geometry?.width ?? 1000) / 100) * 150)

  const ccc = useMemo(() => {
    const a = traces.find((t) => t.summary.id === pair.a)
    const b = traces.find((t) => t.summary.id === pair.b)
    return a && b && a !== b ? cccTrack(a, b, pair.dim, pair.window, timestamps) : null
  }, [traces, pair, timestamps])

  const fig = useMemo(() => traceFigure(traces, visible, range, bins, ccc, end, colors, gl), [traces, visible, range, bins, ccc, end, colors, gl])

  const onGeometry = (g: PlotGeometry) => {
    setGeometry((old) =>
      old && old.left === g.left && old.top === g.top && old.width === g.width && old.height === g.height && old.x0 === g.x0 && old.x1 === g.x1 ? old : g
    )
    if (Math.abs(g.x0 - range[0]) > 1e-9 || Math.abs(g.x1 - range[1]) > 1e-9) {
      setRange([g.x0, g.x1])
      onRange([g.x0, g.x1])
    }
  }
  useEffect(() => {
    onRange(range)
  }, [])

  return (
    <section className="pane traces-pane" aria-label="Traces">
      <header className="pane-head">
        <h3>Traces</h3>
        <div className="trace-sources">
          {traces.map((t, i) => (
            <label key={t.summary.id} className="trace-source" data-testid="trace-row">
              <input
                type="checkbox"
                checked={visible.has(t.summary.id)}
                onChange={() =>
                  setVisible((v) => {
                    const n = new Set(v)
                    if (n.has(t.summary.id)) n.delete(t.summary.id)
                    else n.add(t.summary.id)
                    return n
                  })
                }
              />
              <i style={{ background: TRACE_COLORS[i % TRACE_COLORS.length] }} />
              {t.summary.name} <span className="badge">{t.summary.kind}</span>
            </label>
          ))}
        </div>
        <button className="small-btn pane-tools" onClick={() => setRange([start, end])} title="Show the whole session">
          reset zoom
        </button>
      </header>
      {traces.length === 0 ? (
        <div className="empty-state">No traces for this session yet.</div>
      ) : (
        <div className="trace-plot-box" ref={box}>
          <PlotlyChart className="trace-chart" data={fig.data} layout={fig.layout} config={PLOT_CONFIG} onGeometry={onGeometry} onWebglFailure={() => setGl(false)} onClickX={(x) => playhead.seek(frameAtMediaTime(timestamps, x))} />
          <Cursor playhead={playhead} timestamps={timestamps} geometry={geometry} />
        </div>
      )}
      <footer className="ccc-controls small">
        <span>Windowed CCC</span>
        <select value={pair.a} onChange={(e) => setPair({ ...pair, a: e.target.value })} aria-label="first trace">
          {traces.map((t) => (
            <option key={t.summary.id} value={t.summary.id}>
              {t.summary.name}
            </option>
          ))}
        </select>
        <span>vs</span>
        <select value={pair.b} onChange={(e) => setPair({ ...pair, b: e.target.value })} aria-label="second trace">
          <option value="">—</option>
          {traces.map((t) => (
            <option key={t.summary.id} value={t.summary.id}>
              {t.summary.name}
            </option>
          ))}
        </select>
        <select value={pair.dim} onChange={(e) => setPair({ ...pair, dim: e.target.value as CccPair['dim'] })} aria-label="dimension">
          <option value="valence">valence</option>
          <option value="arousal">arousal</option>
        </select>
        <label>
          window{' '}
          <input type="number" min={4} max={100000} value={pair.window} onChange={(e) => setPair({ ...pair, window: Math.max(4, Number(e.target.value) || 4) })} /> frames
        </label>
        {!ccc && <span className="muted">{traces.length < 2 ? 'needs two traces of this session' : 'choose two different traces'}</span>}
      </footer>
    </section>
  )
}
