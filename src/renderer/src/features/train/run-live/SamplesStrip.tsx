import { useState } from 'react'
import { api } from '../../../api'
import { useAsync } from '../../../lib/use-async'

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–')

/**
 * G's sample reconstructions of a few fixed validation frames: clean | degraded (G's input) | G(degraded), for the
 * latest epoch (or one picked); re-read when the run gains an epoch.
 */
export function SamplesStrip({ runId, epochs }: { runId: string; epochs: number }) {
  const [picked, setPicked] = useState<number | null>(null)
  const [samples] = useAsync(() => api().invoke('runs:samples', picked === null ? { runId } : { runId, epoch: picked }), [runId, picked, epochs])
  if (samples.status === 'error') return <p className="error-text small">{`${samples.code}: ${samples.message}`}</p>
  if (samples.status === 'loading' && epochs === 0) return null
  const s = samples.status === 'ready' ? samples.data : null
  if (s && s.epoch === null) return null
  return (
    <div className="samples" data-testid="samples" data-epoch={s?.epoch ?? ''}>
      <div className="samples-head">
        <strong>Reconstructions of G</strong>
        <span className="muted small">fixed validation frames: clean · degraded input · G(degraded)</span>
        {s && s.epochs.length > 1 && (
          <label className="small samples-epoch">
            epoch{' '}
            <select value={picked ?? ''} onChange={(e) => setPicked(e.target.value === '' ? null : Number(e.target.value))} aria-label="Epoch of the reconstructions">
              <option value="">latest ({s.epochs[s.epochs.length - 1]})</option>
              {s.epochs.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </select>
          </label>
        )}
        {s && s.epochs.length <= 1 && <span className="small muted samples-epoch">epoch {s.epoch}</span>}
      </div>
      {s && (
        <div className="samples-grid">
          {s.frames.map((f) => (
            <figure key={f.index} className="sample" data-testid="sample">
              <div className="sample-row">
                {(
                  [
                    ['clean', f.clean, `clean validation frame ${f.index}`],
                    ['degraded', f.degraded, `degraded: ${f.degradation ?? 'none'}`],
                    ['G(degraded)', f.generated, `G output for frame ${f.index}`]
                  ] as const
                ).map(([label, src, alt]) => (
                  <span key={label} className="sample-cell">
                    <img src={src} alt={alt} title={label === 'degraded' ? (f.degradation ?? 'not degraded') : label} />
                    <span className="sample-label">{label}</span>
                  </span>
                ))}
              </div>
              <figcaption className="small muted">
                {f.degradation ?? 'clean input'} · V {f1(f.valence)} A {f1(f.arousal)}
              </figcaption>
            </figure>
          ))}
        </div>
      )}
    </div>
  )
}
