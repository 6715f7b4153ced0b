import type { TraceSummary } from '../../../../shared/domain'
import { formatTime, frameAtMediaTime } from '../../lib/session/frame-sync'
import type { TraceStore, TraceWindow } from './trace-view'

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/** A trace with its full-resolution window (covering the exported frames). */
export interface CsvTrace {
  readonly summary: TraceSummary
  readonly window: TraceWindow
}

/** CSV of frames whose time lies in [t0, t1]: frame, time, then valence/arousal of every trace (empty = missing). */
export function visibleRangeCsv(traces: readonly CsvTrace[], ts: Float64Array, t0: number, t1: number): string {
  const head = ['frame', 'time_s', ...traces.flatMap((t) => [`${t.summary.name} valence`, `${t.summary.name} arousal`])].map(csvCell).join(',')
  const rows = [head]
  for (let f = 0; f < ts.length; f++) {
    if (ts[f] < t0 - 1e-9 || ts[f] > t1 + 1e-9) continue
    const cells = [String(f), ts[f].toFixed(6)]
    for (const t of traces) {
      const w = t.window
      const v = f >= w.from && f <= w.to ? w.byFrame.valence[f - w.from] : NaN
      const a = f >= w.from && f <= w.to ? w.byFrame.arousal[f - w.from] : NaN
      cells.push(Number.isFinite(v) ? String(v) : '', Number.isFinite(a) ? String(a) : '')
    }
    rows.push(cells.join(','))
  }
  return rows.join('\n') + '\n'
}

/** Downloads the visible range as CSV at full resolution (the range's points are fetched through the store). */
export async function exportCsv(
  traces: readonly { readonly summary: TraceSummary }[],
  store: TraceStore,
  ts: Float64Array,
  range: readonly [number, number],
  name: string
): Promise<void> {
  const f0 = frameAtMediaTime(ts, range[0])
  const f1 = frameAtMediaTime(ts, range[1])
  const windows = await Promise.all(traces.map((t) => store.window(t.summary.id, f0, f1)))
  const rows = traces.map((t, i) => ({ summary: t.summary, window: windows[i] }))
  download(new Blob([visibleRangeCsv(rows, ts, range[0], range[1])], { type: 'text/csv' }), `${name}-${range[0].toFixed(2)}-${range[1].toFixed(2)}s.csv`)
}

type PlotlyToImage = { toImage(el: HTMLElement, opts: { format: 'png'; width: number; height: number }): Promise<string> }

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image()
    img.onload = () => resolve(img)
    img.onerror = () => reject(new Error('image failed to load'))
    img.src = src
  })
}

/**
 * The workspace as one PNG: every pane's drawing (video frame, overlays, canvases, the plotly chart, the waveform)
 * composited at its on-screen position, with the frame and time in the corner.
 */
export async function exportPng(root: HTMLElement, label: string, name: string): Promise<void> {
  const dpr = window.devicePixelRatio || 1
  const box = root.getBoundingClientRect()
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(box.width * dpr)
  canvas.height = Math.round(box.height * dpr)
  const g = canvas.getContext('2d')
  if (!g) return
  const css = getComputedStyle(document.documentElement)
  g.fillStyle = css.getPropertyValue('--bg').trim() || '#fff'
  g.fillRect(0, 0, canvas.width, canvas.height)
  g.scale(dpr, dpr)
  const place = (el: Element) => {
    const r = el.getBoundingClientRect()
    return { x: r.left - box.left, y: r.top - box.top, w: r.width, h: r.height }
  }
  for (const el of Array.from(root.querySelectorAll('[data-export]'))) {
    const kind = el.getAttribute('data-export')
    try {
      if (kind === 'plotly') {
        const p = place(el)
        const mod = (await import('plotly.js-dist-min')) as unknown as { default?: PlotlyToImage } & PlotlyToImage
        const plotly = mod.default ?? mod
        const url = await plotly.toImage(el as HTMLElement, { format: 'png', width: Math.round(p.w), height: Math.round(p.h) })
        g.drawImage(await loadImage(url), p.x, p.y, p.w, p.h)
      } else if (kind === 'waveform') {
        for (const c of Array.from((el as HTMLElement).shadowRoot?.querySelectorAll('canvas') ?? el.querySelectorAll('canvas'))) {
          const p = place(c)
          if (p.w > 0 && p.h > 0) g.drawImage(c, p.x, p.y, p.w, p.h)
        }
      } else if (el instanceof HTMLCanvasElement || el instanceof HTMLVideoElement) {
        const p = place(el)
        if (p.w > 0 && p.h > 0) g.drawImage(el, p.x, p.y, p.w, p.h)
      } else {
        const video = el.querySelector('video')
        if (video) {
          const p = place(video)
          g.drawImage(video, p.x, p.y, p.w, p.h)
        }
      }
    } catch {
      // a pane that cannot be drawn (e.g. no video frame yet) is left blank
    }
  }
  g.fillStyle = css.getPropertyValue('--text').trim() || '#000'
  g.font = '13px system-ui, sans-serif'
  g.fillText(label, 8, box.height - 8)
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'))
  if (blob) download(blob, `${name}.png`)
}

export function exportLabel(session: string, frame: number, ts: Float64Array): string {
  return `${session} · frame ${frame} · ${formatTime(ts[frame] ?? NaN)}`
}
