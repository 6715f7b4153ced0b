import { useCallback, useMemo, useRef, useState } from 'react'
import { exportCsv, exportLabel, exportPng } from './export-view'
import { useReviewLayout } from './layout'
import { AffectTracks } from './panes/AffectTracks'
import { affectRuns } from './panes/affect-tracks-data'
import { AudioPane } from './panes/AudioPane'
import { CircumplexPane } from './panes/CircumplexPane'
import { FactsPanel } from './panes/FactsPanel'
import { modelPaneRuns, signalRuns, useRunSeries } from './model-signals'
import { ModelPanes } from './panes/ModelPanes'
import { TracesPane } from './panes/TracesPane'
import { VideoPane } from '../../lib/session/VideoPane'
import { createPlayhead } from '../../lib/session/playhead'
import type { ReviewData } from './review-data'
import { Splitter } from './Splitter'
import { Transport } from './Transport'
import { useReviewKeys } from './use-review-keys'

/** The review workspace of one session: one playhead shared by every pane, resizable layout, exports. */
export function Workspace({ data }: { data: ReviewData }) {
  const { session, facts, timestamps, traces, store, extras } = data
  const runs = useMemo(() => signalRuns(extras), [extras])
  // AU / expression probabilities of multi-task runs: their pane is shown only when the session has some.
  const affect = useMemo(() => affectRuns(runs), [runs])
  // The attention / gating / circumplex panes list only runs with something for them to draw.
  const paneRuns = useMemo(() => modelPaneRuns(runs), [runs])
  const [runId, setRunId] = useState<string | null>(null)
  const run = paneRuns.find((r) => r.traceId === runId) ?? paneRuns[0] ?? null
  const series = useRunSeries(run)
  // Quadrant probabilities come from D: the chosen run's when it has them, else the first run that stored them.
  const quadrantRun = run?.kinds.has('quadrant_probs') ? run : (paneRuns.find((r) => r.kinds.has('quadrant_probs')) ?? null)
  const quadrantSeries = useRunSeries(quadrantRun === run ? null : quadrantRun)
  const quadrants = quadrantRun === run ? series.quadrants : quadrantSeries.quadrants
  const video = session.video!
  const playhead = useMemo(() => createPlayhead(timestamps.length), [timestamps])
  const [layout, nudge, resetLayout] = useReviewLayout()
  const [showLandmarks, setShowLandmarks] = useState(true)
  const toggleLandmarks = useCallback(() => setShowLandmarks((s) => !s), [])
  const jumpRef = useRef<HTMLInputElement>(null)
  const rootRef = useRef<HTMLDivElement>(null)
  const range = useRef<readonly [number, number]>([timestamps[0] ?? 0, timestamps[timestamps.length - 1] ?? 0])
  useReviewKeys(playhead, timestamps.length, jumpRef, toggleLandmarks)
  const fileName = session.name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60) || 'session'
  const end = timestamps.length ? timestamps[timestamps.length - 1] : 0
  const duration = Math.max(video.durationS, end - (timestamps[0] ?? 0))

  return (
    <div className="review-ws" ref={rootRef} data-testid="review-workspace" style={{ gridTemplateColumns: `${layout.left}px 6px minmax(0, 1fr)` }}>
      <Transport
        playhead={playhead}
        timestamps={timestamps}
        jumpRef={jumpRef}
        showLandmarks={showLandmarks}
        onToggleLandmarks={toggleLandmarks}
        onExportPng={() => void exportPng(rootRef.current!, exportLabel(session.name, playhead.get().frame, timestamps), `${fileName}-frame-${playhead.get().frame}`)}
        onExportCsv={() => void exportCsv(traces, store, timestamps, range.current, fileName)}
        onResetLayout={resetLayout}
      />
      <div className="review-left">
        <VideoPane sessionId={session.id} video={video} timestamps={timestamps} playhead={playhead} hasFaces={facts.faces !== null} showLandmarks={showLandmarks} />
        <FactsPanel session={session} facts={facts} />
      </div>
      <Splitter axis="x" label="Resize the video column" onDrag={(d) => nudge('left', d)} />
      <div className="review-right" style={{ gridTemplateRows: `${layout.traces}px 6px ${layout.audio}px 6px auto${affect.length ? ' auto' : ''}` }}>
        <TracesPane traces={traces} store={store} timestamps={timestamps} fps={video.fps} playhead={playhead} onRange={(r) => (range.current = r)} />
        <Splitter axis="y" label="Resize the traces pane" onDrag={(d) => nudge('traces', d)} />
        <AudioPane
          sessionId={session.id}
          hasAudio={video.hasAudio}
          hasSpectrogram={facts.spectrogram !== null}
          durationS={duration}
          timestamps={timestamps}
          playhead={playhead}
        />
        <Splitter axis="y" label="Resize the audio pane" onDrag={(d) => nudge('audio', d)} />
        <div className="model-panes">
          <CircumplexPane traces={traces} store={store} playhead={playhead} quadrants={quadrants} quadrantSource={quadrantRun?.name ?? null} />
          <ModelPanes runs={paneRuns} run={run} onRun={setRunId} gates={series.gates} frameCount={timestamps.length} playhead={playhead} sessionId={session.id} />
        </div>
        {affect.length > 0 && <AffectTracks runs={affect} frameCount={timestamps.length} playhead={playhead} />}
      </div>
    </div>
  )
}
