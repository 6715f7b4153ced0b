import { useEffect, useMemo, useState } from 'react'
import type { EditDimension } from '../../../../../shared/annotation'
import type { TraceSummary } from '../../../../../shared/domain'
import { api } from '../../../api'
import { useFrame, type Playhead } from '../../../lib/session/playhead'
import type { ProposalView } from '../complete/use-completion'
import { useStoreVersion, type ValueStore, createValueStore } from '../own-trace-store'
import { EditPlot, type PlotSeries } from './EditPlot'
import { strokeToValues, viewWindow } from './edit-plot'
import { Provenance, describeEdit, foldRateBatches } from './Provenance'
import type { Corrections } from './use-corrections'

export interface CorrectPanelProps {
  readonly ownTraceId: string
  readonly ownName: string
  readonly store: ValueStore
  readonly frameCount: number
  readonly playhead: Playhead
  /** Traces the annotator may see besides their own (predictions, gold, other raters unless blind). */
  readonly others: readonly TraceSummary[]
  readonly corrections: Corrections
  readonly selection: readonly [number, number] | null
  readonly onSelect: (r: [number, number] | null) => void
  readonly names: ReadonlyMap<string, string>
  /** The newest completion proposal of the own trace (drawn as the reference, with its confidence band). */
  readonly proposal?: ProposalView | null
  /** Copies the proposal on a range into the own trace, only where it proposed (complete/accept-plan.ts). */
  readonly onAcceptProposal?: (range: readonly [number, number], dimension: EditDimension) => void
}

const SPANS: readonly (number | null)[] = [null, 1500, 500, 150]

/** Correcting a trace: select a range, then accept / reject / redraw / shift / smooth / replace, with provenance and undo. */
export function CorrectPanel(p: CorrectPanelProps) {
  const frame = useFrame(p.playhead)
  const version = useStoreVersion(p.store)
  const proposalId = p.proposal?.summary.traceId ?? null
  const [refId, setRefId] = useState<string>(() => proposalId ?? p.others.find((t) => t.kind === 'prediction')?.id ?? p.others[0]?.id ?? '')
  // A new proposal becomes the reference; a discarded one stops being it.
  const [seenProposal, setSeenProposal] = useState(proposalId)
  if (seenProposal !== proposalId) {
    setSeenProposal(proposalId)
    if (proposalId) setRefId(proposalId)
    else if (refId === seenProposal) setRefId('')
  }
  const isProposal = refId !== '' && refId === proposalId
  const [reference, setReference] = useState<PlotSeries | null>(null)
  const [dim, setDim] = useState<EditDimension>('both')
  const [drawing, setDrawing] = useState(false)
  const [shiftBy, setShiftBy] = useState(5)
  const [sigma, setSigma] = useState(3)
  const [span, setSpan] = useState<number | null>(null)
  const c = p.corrections
  const own = useMemo<PlotSeries>(() => ({ name: p.ownName, valence: p.store.valence, arousal: p.store.arousal }), [p.store, p.ownName])

  useEffect(() => {
    if (!refId) return setReference(null)
    const pv = p.proposal
    if (pv && refId === pv.summary.traceId) {
      return setReference({ name: pv.summary.name, valence: pv.valence, arousal: pv.arousal, tone: 'proposal', band: { valence: pv.sdValence, arousal: pv.sdArousal } })
    }
    let live = true
    void api()
      .invoke('traces:get', { traceId: refId })
      .then((d) => {
        if (!live) return
        const s = createValueStore(p.frameCount)
        s.load(d)
        setReference({ name: p.names.get(refId) ?? refId, valence: s.valence, arousal: s.arousal })
      })
    return () => {
      live = false
    }
  }, [refId, p.frameCount, p.names, p.proposal])

  // The whole session, or a window that scrolls with the playhead.
  const [w0, w1] = viewWindow(p.frameCount, frame, span)
  const win = useMemo(() => [w0, w1] as const, [w0, w1])
  const sel = p.selection
  const whole: [number, number] = [0, p.frameCount - 1]
  const drawDim = dim === 'arousal' ? 'arousal' : 'valence'
  const can = !!sel && !c.busy

  return (
    <div className="correct-panel" data-testid="correct-panel">
      <div className="correct-toolbar">
        <label className="small">
          reference{' '}
          <select value={refId} onChange={(e) => setRefId(e.target.value)} aria-label="Reference trace">
            <option value="">none</option>
            {p.proposal && !p.others.some((t) => t.id === proposalId) && <option value={proposalId!}>proposal: {p.proposal.summary.name}</option>}
            {p.others.map((t) => (
              <option key={t.id} value={t.id}>
                {t.kind}: {t.name}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="radiogroup" aria-label="Dimension">
          {(['valence', 'arousal', 'both'] as EditDimension[]).map((d) => (
            <button key={d} role="radio" aria-checked={dim === d} className={dim === d ? 'on' : ''} onClick={() => setDim(d)}>
              {d}
            </button>
          ))}
        </div>
        <label className="small">
          view{' '}
          <select value={String(span)} onChange={(e) => setSpan(e.target.value === 'null' ? null : Number(e.target.value))} aria-label="Visible frames">
            {SPANS.map((s) => (
              <option key={String(s)} value={String(s)}>
                {s === null ? 'whole session' : `${s} frames`}
              </option>
            ))}
          </select>
        </label>
        <span className="small muted" data-testid="selection">
          {sel ? `selection ${sel[0]}–${sel[1]} (${sel[1] - sel[0] + 1} frames)` : 'drag on the plot to select a range'}
        </span>
      </div>
      <EditPlot
        own={own}
        reference={reference}
        version={version}
        window={win}
        frame={frame}
        selection={sel}
        review={c.review}
        drawing={drawing ? drawDim : null}
        showValence={dim !== 'arousal'}
        showArousal={dim !== 'valence'}
        onSeek={(f) => p.playhead.seek(f)}
        onSelect={p.onSelect}
        onStroke={(pts) => {
          if (!sel) return
          const from = sel[0]
          const to = sel[1]
          // A stroke covers one contiguous run of frames: redraw exactly those (the rest of the selection is unchanged).
          const values = strokeToValues(pts, from, to)
          const first = values.findIndex((v) => v !== null)
          if (first < 0) return
          let last = values.length - 1
          while (values[last] === null) last--
          void c.apply({ op: 'redraw', [drawDim]: values.slice(first, last + 1) }, [from + first, from + last], drawDim)
        }}
      />
      <div className="legend small muted">
        <span className="sw valence" /> valence <span className="sw arousal" /> arousal — thick: {p.ownName} (yours) · dashed: {reference?.name ?? 'no reference'}
        {isProposal && ' (shaded: ±1 sd of the ensemble)'} · strip: <span className="sw accepted" /> accepted <span className="sw corrected" /> corrected
      </div>
      <div className="correct-actions">
        <button className="small-btn" disabled={!can} onClick={() => void c.apply({ op: 'accept' }, sel!, dim)} title="Accept the selection as it is">
          Accept
        </button>
        <button className="small-btn" disabled={!can} onClick={() => void c.apply({ op: 'reject' }, sel!, dim)} title="Clear the selection's values">
          Reject
        </button>
        <button className={drawing ? 'small-btn on' : 'small-btn'} disabled={!sel} aria-pressed={drawing} onClick={() => setDrawing((d) => !d)} title="Draw the selection by hand">
          ✎ Redraw {drawing ? `(${drawDim}: drag in the selection)` : ''}
        </button>
        <span className="group">
          <input type="number" value={shiftBy} onChange={(e) => setShiftBy(Math.round(Number(e.target.value) || 0))} aria-label="Shift by frames" />
          <button className="small-btn" disabled={!can || shiftBy === 0} onClick={() => void c.apply({ op: 'shift', frames: shiftBy }, sel!, dim)}>
            Shift
          </button>
        </span>
        <span className="group">
          σ <input type="number" min={0.5} step={0.5} value={sigma} onChange={(e) => setSigma(Math.max(0.5, Number(e.target.value) || 1))} aria-label="Smoothing sigma in frames" />
          <button className="small-btn" disabled={!can} onClick={() => void c.apply({ op: 'smooth', smoothing: { method: 'gaussian', sigma } }, sel!, dim)}>
            Smooth
          </button>
        </span>
        <button
          className="small-btn"
          disabled={!can || !refId}
          onClick={() => (isProposal && p.onAcceptProposal ? p.onAcceptProposal(sel!, dim) : void c.apply({ op: 'replace', sourceTraceId: refId }, sel!, dim))}
          title={isProposal ? 'Copy the proposal into your trace on the selection (only the frames it proposed)' : 'Replace the selection with the reference trace'}
        >
          Replace from reference
        </button>
        <button
          className="small-btn"
          disabled={c.busy || !refId}
          onClick={() => (isProposal && p.onAcceptProposal ? p.onAcceptProposal(whole, dim) : void c.apply({ op: 'replace', sourceTraceId: refId }, whole, dim))}
          title={isProposal ? 'Copy every proposed frame into your trace (your rated frames stay as they are)' : 'Start correcting from the reference: copy it into your trace (logged, undoable)'}
        >
          Copy reference into my trace
        </button>
        <button className="small-btn" disabled={!can} onClick={() => void c.markReviewed(sel!)}>
          Mark reviewed
        </button>
        <span className="spacer" />
        <button className="small-btn" disabled={c.busy || !c.history?.canUndo} onClick={() => void c.undo()} title="Undo (Ctrl+Z)" data-testid="undo">
          ↶ Undo
        </button>
        <button className="small-btn" disabled={c.busy || !c.history?.canRedo} onClick={() => void c.redo()} title="Redo (Ctrl+Shift+Z)" data-testid="redo">
          ↷ Redo
        </button>
      </div>
      {c.error && (
        <p className="error-text small" role="alert">
          {c.error}
        </p>
      )}
      <Provenance traceId={p.ownTraceId} frame={frame} history={c.history} names={p.names} version={version} />
      <details className="history" open>
        <summary>Edit history ({c.history?.edits.length ?? 0})</summary>
        <ol data-testid="history">
          {foldRateBatches(c.history?.edits ?? [])
            .slice(0, 12)
            .map(({ edit: e, batches, fromFrame, toFrame }) => (
              <li key={e.id} className={e.undone ? 'undone' : ''}>
                {batches > 1 ? `${describeEdit(e, p.names).replace(/frames \d+–\d+$/, `frames ${fromFrame}–${toFrame}`)} · ${batches} batches of one pass` : describeEdit(e, p.names)}
                {e.undone && ' · undone'}
              </li>
            ))}
        </ol>
      </details>
    </div>
  )
}
