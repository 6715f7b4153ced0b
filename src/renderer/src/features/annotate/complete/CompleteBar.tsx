import type { ProposalCheck } from '../../../../../shared/completion'
import { MAX_ENSEMBLE_SIZE } from '../../../../../shared/completion'
import type { Completion } from './use-completion'

export interface CompleteBarProps {
  readonly completion: Completion
  /** Frames of the own trace with a rating (what completion learns from). */
  readonly rated: number
  readonly frameCount: number
  readonly selection: readonly [number, number] | null
  /** Blind mode: the check against the gold trace is not shown. */
  readonly blind: boolean
  readonly disabled: boolean
}

const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(2))

function Check({ check }: { check: ProposalCheck }) {
  return (
    <span className="small muted" data-testid="proposal-check" data-ccc-valence={check.cccValence ?? ''} data-ccc-arousal={check.cccArousal ?? ''}>
      vs {check.name}: CCC V <strong>{fmt(check.cccValence)}</strong> · A <strong>{fmt(check.cccArousal)}</strong> on {check.frames} frames
    </span>
  )
}

/**
 * "Complete session (Ctrl+L)": learns from the frames you rated and proposes the rest; the proposal is drawn in the
 * plot below as the reference (dashed, own colours, ±1 sd band). Accept a selection or everything it proposed into
 * your trace (logged 'replace' edits, undoable), or discard it.
 */
export function CompleteBar(p: CompleteBarProps) {
  const c = p.completion
  const job = c.job
  const running = job !== null && (job.state === 'queued' || job.state === 'running')
  const pct = job && job.total > 0 ? Math.round((100 * job.done) / job.total) : 0
  const s = c.proposal?.summary ?? null
  const proposed = s ? Math.max(s.proposedFrames.valence, s.proposedFrames.arousal) : 0
  const canStart = !running && !p.disabled && p.rated >= 10 && p.rated < p.frameCount
  const whole: [number, number] = [0, p.frameCount - 1]
  return (
    <section className="complete-bar" data-testid="complete-bar" aria-label="Complete the session">
      <div className="complete-row">
        <button className="complete-btn" data-testid="complete-button" disabled={!canStart} onClick={() => c.start()} title="Learn from the frames you rated and propose the rest (Ctrl+L)">
          ✦ Complete session <kbd>Ctrl+L</kbd>
        </button>
        <label className="small muted">
          ensemble{' '}
          <input type="number" min={1} max={MAX_ENSEMBLE_SIZE} value={c.ensemble} onChange={(e) => c.setEnsemble(Number(e.target.value))} aria-label="Ensemble size" />
        </label>
        {running ? (
          <span className="complete-progress" data-testid="complete-progress">
            <progress max={100} value={pct} aria-label="Completion progress" />
            <span className="small muted">{job.state === 'queued' ? 'queued behind another job…' : `learning from your ${p.rated} rated frames…`}</span>
            <button className="link" onClick={() => c.cancel()}>
              Cancel
            </button>
          </span>
        ) : (
          <span className="small muted">
            {p.rated < 10
              ? 'Rate at least 10 frames (e.g. the first 20 % of the session), then complete the rest.'
              : p.rated >= p.frameCount
                ? 'Every frame is rated: nothing left to complete.'
                : `Learns from your ${p.rated} rated frames (${Math.round((100 * p.rated) / p.frameCount)} %) and proposes the other ${p.frameCount - p.rated}.`}
          </span>
        )}
      </div>
      {s && c.proposal && (
        <div className="proposal-card" data-testid="proposal-card" data-trace-id={s.traceId} data-proposed={proposed}>
          <div className="proposal-head">
            <span className="proposal-swatch" aria-hidden="true" />
            <strong>{s.name}</strong>
            <span className="badge">proposal</span>
            <span className="small muted">
              {proposed} frames proposed · {s.ensemble}-member {s.method} on {s.featureGroups.join(' + ')}
              {c.count > 1 && ` · ${c.count - 1} older`}
            </span>
          </div>
          {!p.blind && s.check && <Check check={s.check} />}
          <div className="proposal-actions">
            <button className="small-btn" data-testid="accept-proposal-selection" disabled={!p.selection || c.busy} onClick={() => p.selection && void c.accept(p.selection)} title="Copy the proposal into your trace on the selected frames (only where it proposed)">
              Accept selection{p.selection ? ` (${p.selection[0]}–${p.selection[1]})` : ''}
            </button>
            <button className="small-btn" data-testid="accept-proposal-all" disabled={c.busy} onClick={() => void c.accept(whole)} title="Copy every proposed frame into your trace; your rated frames stay as they are">
              Accept all proposed
            </button>
            <button className="small-btn danger" data-testid="discard-proposal" disabled={c.busy} onClick={() => void c.discard()} title="Reject the proposal: delete it (what you accepted stays in your trace)">
              Discard proposal
            </button>
            <span className="small muted">Drag on the plot to select a range; Ctrl+Z undoes an accept.</span>
          </div>
        </div>
      )}
      {c.notice && (
        <p className="small muted" role="status" data-testid="complete-notice">
          {c.notice}
        </p>
      )}
      {c.error && (
        <p className="error-text small" role="alert">
          {c.error}
        </p>
      )}
    </section>
  )
}
