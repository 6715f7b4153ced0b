import { useEffect, useRef, useState } from 'react'
import type { Config, Data, Layout, PlotlyHTMLElement } from 'plotly.js'

type PlotlyModule = typeof import('plotly.js')

let loading: Promise<PlotlyModule> | null = null
/** plotly.js (≈ 4 MB) is loaded on first use, not with the app. */
function loadPlotly(): Promise<PlotlyModule> {
  loading ??= import('plotly.js-dist-min').then((m) => ((m as unknown as { default?: PlotlyModule }).default ?? (m as unknown as PlotlyModule)))
  return loading
}

/** Plot area of the chart in CSS pixels and its x range (for overlays such as a cursor). */
export interface PlotGeometry {
  readonly left: number
  readonly top: number
  readonly width: number
  readonly height: number
  readonly x0: number
  readonly x1: number
}

export interface PlotlyChartProps {
  readonly data: Data[]
  readonly layout: Partial<Layout>
  readonly config?: Partial<Config>
  readonly className?: string
  /** After every draw and zoom: where the plot area is and which x range it shows. */
  readonly onGeometry?: (g: PlotGeometry) => void
  /** Click (not drag) in the plot area, in x-axis units. */
  readonly onClickX?: (x: number) => void
  readonly onReady?: (el: PlotlyHTMLElement, plotly: PlotlyModule) => void
  /** WebGL traces could not be drawn (plotly showed its no-WebGL notice): the owner should switch to SVG traces. */
  readonly onWebglFailure?: () => void
}

interface FullLayout {
  _size: { l: number; t: number; w: number; h: number }
  xaxis: { range: [number, number] }
}

/** plotly.js adapter: created in an effect, updated with Plotly.react, purged on cleanup. */
export function PlotlyChart({ data, layout, config, className, onGeometry, onClickX, onReady, onWebglFailure }: PlotlyChartProps) {
  const ref = useRef<HTMLDivElement>(null)
  const [plotly, setPlotly] = useState<PlotlyModule | null>(null)
  const cbs = useRef({ onGeometry, onClickX, onReady, onWebglFailure })
  cbs.current = { onGeometry, onClickX, onReady, onWebglFailure }
  const geometry = useRef<PlotGeometry | null>(null)

  useEffect(() => {
    let live = true
    void loadPlotly().then((p) => live && setPlotly(p))
    return () => {
      live = false
    }
  }, [])

  const report = () => {
    const el = ref.current
    const fl = (el as unknown as { _fullLayout?: FullLayout } | null)?._fullLayout
    if (!fl?._size || !fl.xaxis) return
    const g = { left: fl._size.l, top: fl._size.t, width: fl._size.w, height: fl._size.h, x0: Number(fl.xaxis.range[0]), x1: Number(fl.xaxis.range[1]) }
    geometry.current = g
    cbs.current.onGeometry?.(g)
  }
  const reportRef = useRef(report)
  reportRef.current = report
  const attached = useRef(false)
  /**
   * The last Plotly.react / resize still running. Purging the div under it makes plotly's own continuation (its
   * auto-margin redraw) read a deleted _fullLayout and throw ("reading '_redrawFromAutoMarginCount'"), seen when a
   * page is left while its plot redraws: the purge waits for it.
   */
  const inflight = useRef<Promise<unknown>>(Promise.resolve())
  /** Adds a running draw or resize to what the purge waits for (a resize must not hide a react still drawing). */
  const track = (p: Promise<unknown>) => {
    inflight.current = Promise.allSettled([inflight.current, p])
  }

  useEffect(() => {
    const el = ref.current
    if (!el || !plotly) return
    const onClick = (e: MouseEvent) => {
      const g = geometry.current
      if (!g) return
      const r = el.getBoundingClientRect()
      const px = e.clientX - r.left - g.left
      if (px < 0 || px > g.width) return
      cbs.current.onClickX?.(g.x0 + (px / g.width) * (g.x1 - g.x0))
    }
    const ro = new ResizeObserver(() => {
      if (!attached.current) return
      track(
        Promise.resolve(plotly.Plots.resize(el))
          .then(() => reportRef.current())
          .catch(() => undefined) // a plot hidden or gone meanwhile has nothing to resize
      )
    })
    ro.observe(el)
    el.addEventListener('click', onClick)
    return () => {
      ro.disconnect()
      el.removeEventListener('click', onClick)
      attached.current = false
      void inflight.current.finally(() => plotly.purge(el))
    }
  }, [plotly])

  useEffect(() => {
    const el = ref.current
    if (!el || !plotly) return
    const drawn = plotly.react(el, data, layout, { displaylogo: false, responsive: false, ...config })
    track(drawn)
    void drawn.then((gd) => {
      if (!attached.current) {
        attached.current = true
        gd.on('plotly_relayout', () => reportRef.current())
        cbs.current.onReady?.(gd, plotly)
      }
      const notice = el.querySelector('.no-webgl')
      if (notice) {
        notice.remove()
        cbs.current.onWebglFailure?.()
      }
      reportRef.current()
    })
  }, [plotly, data, layout, config])

  return <div ref={ref} className={className} data-export="plotly" />
}
