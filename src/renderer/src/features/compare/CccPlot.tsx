import { useEffect, useMemo, useRef, useState } from 'react'
import type { PlotlyHTMLElement } from 'plotly.js'
import type { CompareResult } from '../../../../shared/compare'
import { PlotlyChart } from '../../widgets/PlotlyChart'
import { cccBarFigure, type PlotColors } from './compare-logic'
import { decodeDataUrl, downloadBlob } from './download'

type ToImage = (gd: PlotlyHTMLElement, o: { format: 'png' | 'svg'; width: number; height: number; scale?: number }) => Promise<string>

function css(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}

const themeColors = (): PlotColors => ({
  text: css('--text', '#1b1f24'),
  grid: css('--border', '#dfe3e8'),
  paper: css('--panel', '#ffffff'),
  valence: css('--valence', '#d9480f'),
  arousal: css('--arousal', '#1c7ed6')
})

/** CCC valence/arousal per row as grouped bars, with PNG and SVG export of the plot (in the current theme's colours). */
export function CccPlot({ result, fileStem }: { result: CompareResult; fileStem: string }) {
  const [colors, setColors] = useState(themeColors)
  useEffect(() => {
    // The theme is switched on <html data-theme> after React renders: follow the attribute itself.
    const mo = new MutationObserver(() => setColors(themeColors()))
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
    return () => mo.disconnect()
  }, [])
  const fig = useMemo(() => cccBarFigure(result, colors), [result, colors])
  const plot = useRef<{ gd: PlotlyHTMLElement; toImage: ToImage } | null>(null)
  const [ready, setReady] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const exportAs = async (format: 'png' | 'svg') => {
    const p = plot.current
    if (!p) return
    setError(null)
    try {
      const url = await p.toImage(p.gd, { format, width: 960, height: 520, ...(format === 'png' ? { scale: 2 } : {}) })
      const { type, bytes } = decodeDataUrl(url)
      downloadBlob(`${fileStem}-ccc.${format}`, new Blob([bytes], { type }))
    } catch (e) {
      setError(`The plot could not be exported: ${(e as Error).message}`)
    }
  }
  return (
    <div className="panel cmp-plot-panel">
      <div className="cmp-panel-head">
        <h2>Plot</h2>
        <span className="muted small">CCC valence and arousal per row</span>
        <div className="cmp-tools">
          <button type="button" className="small-btn" disabled={!ready} onClick={() => void exportAs('png')}>
            Export PNG
          </button>
          <button type="button" className="small-btn" disabled={!ready} onClick={() => void exportAs('svg')}>
            Export SVG
          </button>
        </div>
      </div>
      <PlotlyChart
        className="cmp-plot"
        data={fig.data}
        layout={fig.layout}
        config={{ displaylogo: false, responsive: true, modeBarButtonsToRemove: ['select2d', 'lasso2d'] }}
        onReady={(gd, plotly) => {
          plot.current = { gd, toImage: plotly.toImage as unknown as ToImage }
          setReady(true)
        }}
      />
      {error && <p className="error-text small">{error}</p>}
    </div>
  )
}
