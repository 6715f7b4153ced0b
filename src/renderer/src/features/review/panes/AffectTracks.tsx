import { useEffect, useRef, useState, type MouseEvent } from 'react'
import { ABAW_AUS, ABAW_EXPRESSIONS, MTL_EXTRA_KINDS } from '../../../../../shared/review'
import { frameAtX } from '../../../widgets/attention-heatmap-data'
import { usePlayhead, type Playhead } from '../../../lib/session/playhead'
import type { SignalRun } from '../model-signals'
import { activeAus, auHeatPixels, currentExpression, EXPRESSION_COLORS, expressionStack, type FrameMatrix } from './affect-tracks-data'
import { useExtraMatrix } from './use-extra-matrix'
import './affect-tracks.css'

const SPAN = 250
/** The window moves in steps of STEP frames (strips redraw when it moves; the cursor every frame). */
const STEP = 25

export interface AffectTracksProps {
  /** Runs with 'au_probs' / 'expr_probs' extras (affectRuns); the pane is not shown without one. */
  readonly runs: readonly SignalRun[]
  readonly frameCount: number
  readonly playhead: Playhead
}

function sizeCanvas(c: HTMLCanvasElement): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1
  c.width = Math.max(1, Math.round(c.clientWidth * dpr))
  c.height = Math.max(1, Math.round(c.clientHeight * dpr))
  return c.getContext('2d')
}

function cursor(g: CanvasRenderingContext2D, frame: number, from: number, to: number): void {
  const x = ((frame - from + 0.5) / (to - from)) * g.canvas.width
  g.strokeStyle = '#e64980'
  g.lineWidth = 1.5 * (window.devicePixelRatio || 1)
  g.beginPath()
  g.moveTo(x, 0)
  g.lineTo(x, g.canvas.height)
  g.stroke()
}

function AuStrip({ m, from, to, frame, onFrame }: { m: FrameMatrix; from: number; to: number; frame: number; onFrame: (f: number) => void }) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const c = ref.current
    const g = c && sizeCanvas(c)
    if (!g) return
    const img = auHeatPixels(m, from, to)
    if (img.width === 0) return
    const tile = document.createElement('canvas')
    tile.width = img.width
    tile.height = img.height
    tile.getContext('2d')?.putImageData(new ImageData(img.pixels, img.width, img.height), 0, 0)
    g.imageSmoothingEnabled = false
    g.drawImage(tile, 0, 0, g.canvas.width, g.canvas.height)
    cursor(g, frame, from, to)
  }, [m, from, to, frame])
  return (
    <div className="au-strip-wrap">
      <ol className="au-labels" aria-hidden>
        {ABAW_AUS.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ol>
      <canvas
        ref={ref}
        className="au-strip"
        data-testid="au-strip"
        data-export="au-probs"
        onClick={seekOnClick(from, to, onFrame)}
      />
    </div>
  )
}

/** A click on a strip seeks to the frame under the pointer. */
function seekOnClick(from: number, to: number, onFrame: (f: number) => void) {
  return (e: MouseEvent<HTMLCanvasElement>): void => {
    const r = e.currentTarget.getBoundingClientRect()
    onFrame(frameAtX(e.clientX - r.left, r.width, from, to))
  }
}

function ExprStrip({ m, from, to, frame, onFrame }: { m: FrameMatrix; from: number; to: number; frame: number; onFrame: (f: number) => void }) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const c = ref.current
    const g = c && sizeCanvas(c)
    if (!g) return
    const w = g.canvas.width
    const h = g.canvas.height
    const sx = w / Math.max(1, to - from)
    expressionStack(m, from, to).forEach((bands, i) => {
      if (!bands) return
      bands.forEach(([b0, b1], k) => {
        g.fillStyle = EXPRESSION_COLORS[k]
        g.fillRect(i * sx, h - b1 * h, Math.ceil(sx), (b1 - b0) * h + 0.5)
      })
    })
    cursor(g, frame, from, to)
  }, [m, from, to, frame])
  return (
    <canvas
      ref={ref}
      className="expr-strip"
      data-testid="expr-strip"
      data-export="expr-probs"
      onClick={seekOnClick(from, to, onFrame)}
    />
  )
}

/**
 * AU occurrence probabilities (heat strip: rows = the 12 ABAW AUs, columns = frames around the playhead) and
 * expression probabilities (stacked strip, the current class named) of a multi-task model run, on the shared playhead.
 */
export function AffectTracks({ runs, frameCount, playhead }: AffectTracksProps) {
  const { frame } = usePlayhead(playhead)
  const [runId, setRunId] = useState<string | null>(null)
  const run = runs.find((r) => r.traceId === runId) ?? runs[0] ?? null
  const from = Math.max(0, Math.min(frameCount - SPAN, Math.floor((frame - SPAN / 2) / STEP) * STEP))
  const to = Math.min(frameCount, from + SPAN)
  const au = useExtraMatrix(run?.traceId ?? null, MTL_EXTRA_KINDS.auProbs, run?.kinds.get(MTL_EXTRA_KINDS.auProbs)?.dims ?? null, frameCount, from, to)
  const ex = useExtraMatrix(run?.traceId ?? null, MTL_EXTRA_KINDS.exprProbs, run?.kinds.get(MTL_EXTRA_KINDS.exprProbs)?.dims ?? null, frameCount, from, to)
  const cur = currentExpression(ex, frame)
  const on = activeAus(au, frame)
  const seek = (f: number) => playhead.seek(f)
  return (
    <section className="pane affect-pane" data-testid="affect-tracks" aria-label="AU and expression tracks">
      <header className="pane-head">
        <h3>AUs &amp; expression</h3>
        {runs.length > 1 ? (
          <select value={run?.traceId ?? ''} onChange={(e) => setRunId(e.target.value)} aria-label="Multi-task run" data-testid="affect-run">
            {runs.map((r) => (
              <option key={r.traceId} value={r.traceId}>
                {r.name}
              </option>
            ))}
          </select>
        ) : (
          <span className="muted small">{run?.name}</span>
        )}
        <span className="affect-now small" data-testid="affect-now" data-frame={frame}>
          frame {frame}:{' '}
          {cur ? (
            <b data-testid="current-expression" style={{ color: EXPRESSION_COLORS[cur.index] }}>
              {cur.name} {(100 * cur.p).toFixed(0)} %
            </b>
          ) : (
            <span className="muted">no prediction</span>
          )}
          {on.length > 0 && <span className="muted"> · {on.map((a) => a.name).join(' ')}</span>}
        </span>
      </header>
      <div className="affect-body">
        {au ? <AuStrip m={au} from={from} to={to} frame={frame} onFrame={seek} /> : <div className="empty-state">This run stores no AU probabilities.</div>}
        {ex ? (
          <>
            <ExprStrip m={ex} from={from} to={to} frame={frame} onFrame={seek} />
            <ul className="expr-legend small" aria-label="Expression colours">
              {ABAW_EXPRESSIONS.map((name, k) => (
                <li key={name} className={cur?.index === k ? 'current' : undefined}>
                  <i style={{ background: EXPRESSION_COLORS[k] }} />
                  {name}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <div className="empty-state">This run stores no expression probabilities.</div>
        )}
        <div className="muted small">
          frames {from}–{to - 1} · AU colour = probability 0 (dark) → 1 (yellow) · AUs ≥ 50 % named above · click to jump
        </div>
      </div>
    </section>
  )
}
