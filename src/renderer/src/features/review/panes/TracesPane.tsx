import { useEffect, useMemo, useRef, useState } from 'react'
import { PlotlyChart, type PlotGeometry } from '../../../widgets/PlotlyChart'
import { frameAtMediaTime } from '../../../lib/session/frame-sync'
import { useFrame, type Playhead } from '../../../lib/session/playhead'
import { AP_BAND_SIGMAS } from '../../../../../shared/review'
import { bandPoints, decimateBand, meanHalfWidth, sampleLine, useApData } from '../ap-band'
import type { ReviewTrace } from '../review-data'
import { TRACE_COLORS, cccTrack, traceFigure, type ApDraw, type CccPair, type CccTrack, type TraceSeries } from '../trace-plot-data'
import { envelopeInRange, FULL_RES_FRAMES_PER_PX, type TraceStore } from '../trace-view'
import { useTraceWindows } from '../use-trace-windows'

export interface TracesPaneProps {
  readonly traces: readonly ReviewTrace[]
  readonly store: TraceStore
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

/**
 * Valence and arousal of every trace over time (plotly scattergl), sources toggled, windowed CCC of two traces.
 * The whole session is drawn from the SQLite overview (min–max band + mean); zoomed in to at most
 * FULL_RES_FRAMES_PER_PX frames per pixel, the visible range's full-resolution points are fetched (cached per chunk)
 * and drawn instead — the overview stays on screen until they arrive.
 */
export function TracesPane({ traces, store, timestamps, fps, playhead, onRange }: TracesPaneProps) {
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

  const f0 = frameAtMediaTime(timestamps, range[0])
  const f1 = frameAtMediaTime(timestamps, range[1])
  const fullRes = f1 - f0 + 1 <= FULL_RES_FRAMES_PER_PX * (geometry?.width ?? 1000)
  const shownIds = useMemo(() => traces.filter((t) => visible.has(t.summary.id)).map((t) => t.summary.id), [traces, visible])
  // One frame beyond each edge so the lines run to the plot's edges.
  const windows = useTraceWindows(store, fullRes ? shownIds : [], Math.max(0, f0 - 1), f1 + 1)

  // Windowed CCC needs every frame of the two chosen traces: fetched (and cached) on demand, computed when both arrive.
  const cccKey = `${pair.a}|${pair.b}|${pair.dim}|${pair.window}`
  const cccWanted = pair.a !== '' && pair.b !== '' && pair.a !== pair.b && traces.some((t) => t.summary.id === pair.a) && traces.some((t) => t.summary.id === pair.b)
  const [cccState, setCccState] = useState<{ key: string; track: CccTrack | null; error?: string } | null>(null)
  useEffect(() => {
    if (!cccWanted) return
    let live = true
    Promise.all([store.full(pair.a), store.full(pair.b)]).then(
      ([a, b]) => live && setCccState({ key: cccKey, track: cccTrack(a, b, pair.dim, pair.window, timestamps) }),
      (e: unknown) => live && setCccState({ key: cccKey, track: null, error: e instanceof Error ? e.message : String(e) })
    )
    return () => {
      live = false
    }
  }, [store, cccKey, cccWanted, pair, timestamps])
  const ccc = cccWanted && cccState?.key === cccKey ? cccState.track : null

  const series = useMemo<TraceSeries[]>(
    () =>
      traces.flatMap((t, index): TraceSeries[] => {
        if (!visible.has(t.summary.id)) return []
        const lf = t.summary.lastFrame
        const head = { summary: t.summary, index, end: lf === null ? null : timestamps[Math.min(lf, timestamps.length - 1)] }
        const w = windows.get(t.summary.id)
        if (w) return [{ ...head, mode: 'points', time: w.time, valence: w.valence, arousal: w.arousal }]
        const o = t.overview
        return [{ ...head, mode: 'envelope', valence: envelopeInRange(o, 'valence', timestamps, f0, f1, bins), arousal: envelopeInRange(o, 'arousal', timestamps, f0, f1, bins) }]
      }),
    [traces, visible, windows, timestamps, f0, f1, bins]
  )
  const resolution = series.length > 0 && series.every((x) => x.mode === 'points') ? 'full' : 'overview'

  // Affective Process traces: the μ ± 2σ band (on by default) and the sampled functions (on request).
  const [showBand, setShowBand] = useState(true)
  const [showSamples, setShowSamples] = useState(false)
  const ap = useApData(traces[0]?.summary.sessionId ?? null, shownIds, store, showSamples)
  const apDraws = useMemo<ApDraw[]>(
    () =>
      traces.flatMap((t, index): ApDraw[] => {
        const d = visible.has(t.summary.id) ? ap.data.get(t.summary.id) : undefined
        if (!d) return []
        const band = (dim: 'valence' | 'arousal') => decimateBand(bandPoints(d.mu.byFrame[dim], d.sigma, dim, timestamps, f0, f1), range[0], range[1], bins)
        const S = showSamples && d.samples ? d.sampleCount : 0
        const samples = Array.from({ length: S }, (_, k) => ({
          valence: sampleLine(d.samples!, d.sampleCount, k, 'valence', timestamps, f0, f1, bins),
          arousal: sampleLine(d.samples!, d.sampleCount, k, 'arousal', timestamps, f0, f1, bins)
        }))
        return [{ traceId: t.summary.id, index, name: t.summary.name, band: showBand ? { valence: band('valence'), arousal: band('arousal') } : null, samples }]
      }),
    [traces, visible, ap.data, timestamps, f0, f1, range, bins, showBand, showSamples]
  )
  const apShown = traces.some((t) => ap.aps.has(t.summary.id))
  const firstBand = apDraws.find((a) => a.band)
  const halfWidth = firstBand ? meanHalfWidth(ap.data.get(firstBand.traceId)!.sigma, 'valence', f0, f1) : null

  const fig = useMemo(() => traceFigure(series, range, bins, ccc, end, colors, gl, apDraws), [series, range, bins, ccc, end, colors, gl, apDraws])

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
        {apShown && (
          <div className="ap-controls trace-sources small" data-testid="ap-controls" style={{ flex: 'none' }} title="Affective Process traces: predictive uncertainty and sampled functions f(x, z), z ~ q(z | context)">
            <label className="trace-source">
              <input type="checkbox" checked={showBand} onChange={() => setShowBand((v) => !v)} /> uncertainty band (μ ± {AP_BAND_SIGMAS}σ)
            </label>
            <label className="trace-source">
              <input type="checkbox" checked={showSamples} onChange={() => setShowSamples((v) => !v)} /> sampled functions
            </label>
          </div>
        )}
        <button className="small-btn pane-tools" onClick={() => setRange([start, end])} title="Show the whole session">
          reset zoom
        </button>
      </header>
      {traces.length === 0 ? (
        <div className="empty-state">No traces for this session yet.</div>
      ) : (
        <div
          className="trace-plot-box"
          ref={box}
          data-testid="trace-plot"
          data-resolution={resolution}
          data-ap-bands={apDraws.filter((a) => a.band).length}
          data-ap-band-halfwidth={halfWidth === null ? '' : halfWidth.toFixed(4)}
          data-ap-samples={apDraws.reduce((n, a) => n + a.samples.length, 0)}
        >
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
        {!cccWanted && <span className="muted">{traces.length < 2 ? 'needs two traces of this session' : 'choose two different traces'}</span>}
        {cccWanted && cccState?.key !== cccKey && <span className="muted">loading both traces…</span>}
        {cccWanted && cccState?.key === cccKey && cccState.error && <span className="muted">CCC unavailable: {cccState.error}</span>}
      </footer>
    </section>
  )
}
