import type { SessionSummary } from '../../../../../shared/domain'
import type { ReviewFacts } from '../../../../../shared/review'

/** The session's facts: what was recorded and what has been computed for it. */
export function FactsPanel({ session, facts }: { session: SessionSummary; facts: ReviewFacts }) {
  const v = session.video
  const f = facts.faces
  return (
    <section className="pane facts-panel" aria-label="Session facts">
      <header className="pane-head">
        <h3>Session</h3>
      </header>
      {v ? (
        <dl className="facts">
          <dt>File</dt>
          <dd className="path">{v.path}</dd>
          <dt>Size</dt>
          <dd>
            {v.width}×{v.height}
            {v.rotation ? ` (rotated ${v.rotation}°)` : ''}
          </dd>
          <dt>Frame rate</dt>
          <dd>
            {v.fps.toFixed(3)} fps {v.isVfr ? '(variable — frames follow their timestamps)' : '(constant)'}
          </dd>
          <dt>Frames</dt>
          <dd>{v.frameCount}</dd>
          <dt>Duration</dt>
          <dd>{v.durationS.toFixed(2)} s</dd>
          <dt>Audio</dt>
          <dd>{v.hasAudio ? `${v.audioSampleRate ?? '?'} Hz${facts.audioDurationS !== null ? `, ${facts.audioDurationS.toFixed(2)} s` : ''}` : 'no audio stream'}</dd>
          <dt>Spectrogram</dt>
          <dd>{facts.spectrogram ? `${facts.spectrogram.nMels} mels × ${facts.spectrogram.columns} columns` : 'none'}</dd>
          <dt>Faces</dt>
          <dd>{f ? `${((100 * f.framesWithFace) / Math.max(1, f.frameCount)).toFixed(1)} % of frames (${f.detector})` : 'no face track'}</dd>
          <dt>Model runs</dt>
          <dd>
            {facts.modelRuns === 0 ? 'none yet' : facts.modelRuns} · with attention: {facts.attentionRuns}
          </dd>
          <dt>Traces</dt>
          <dd>{session.traceCount}</dd>
        </dl>
      ) : (
        <p className="muted">No video attached.</p>
      )}
    </section>
  )
}
