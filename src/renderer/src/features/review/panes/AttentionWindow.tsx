import { useEffect, useState } from 'react'
import type { FrameThumbs } from '../../../../../shared/review'
import { api } from '../../../api'
import type { AttentionData } from '../../../widgets/attention-heatmap-data'

/** Weights the current frame gives to the previous frames of its window: [frame, weight] oldest first (NaN dropped). */
export function windowWeights(d: AttentionData, frame: number): { frame: number; weight: number }[] {
  if (frame < 0 || frame >= d.frames) return []
  const out: { frame: number; weight: number }[] = []
  for (let l = 0; l < d.lags; l++) {
    const w = d.values[frame * d.lags + l]
    const f = frame - (d.lags - 1) + l
    if (f >= 0 && Number.isFinite(w)) out.push({ frame: f, weight: w })
  }
  return out
}

/**
 * The current window: a bar per previous frame (height = attention weight) over a thumbnail of that frame, so a
 * researcher sees which faces the model looked at. Thumbnails load once the playhead rests (not while playing).
 */
export function AttentionWindow({ sessionId, data, frame, playing, onFrame }: { sessionId: string; data: AttentionData; frame: number; playing: boolean; onFrame: (f: number) => void }) {
  const weights = windowWeights(data, frame)
  const first = weights[0]?.frame ?? frame
  const [thumbs, setThumbs] = useState<FrameThumbs | null>(null)
  useEffect(() => {
    if (playing || weights.length === 0) return
    let live = true
    const t = setTimeout(() => {
      void api()
        .invoke('frames:thumbs', { sessionId, fromFrame: first, count: weights.length, size: 48 })
        .then((r) => live && setThumbs(r))
        .catch(() => live && setThumbs(null))
    }, 150)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [sessionId, first, weights.length, playing])
  if (weights.length === 0) return <p className="muted small">No attention on this frame (no prediction, or the first frame of the session).</p>
  const max = Math.max(...weights.map((w) => w.weight), 1e-9)
  return (
    <div className="attention-window" data-testid="attention-window" data-frame={frame}>
      {weights.map((w) => {
        const thumb = thumbs && thumbs.fromFrame <= w.frame && w.frame - thumbs.fromFrame < thumbs.pngs.length ? thumbs.pngs[w.frame - thumbs.fromFrame] : null
        return (
          <button key={w.frame} className="aw-cell" title={`frame ${w.frame}: weight ${w.weight.toFixed(3)}`} onClick={() => onFrame(w.frame)}>
            <span className="aw-bar-box">
              <span className="aw-bar" style={{ height: `${(100 * w.weight) / max}%` }} />
            </span>
            {thumb ? <img src={`data:image/png;base64,${thumb}`} alt={`frame ${w.frame}`} /> : <span className="aw-thumb-empty" />}
            <span className="aw-label">{w.frame - frame}</span>
          </button>
        )
      })}
    </div>
  )
}
