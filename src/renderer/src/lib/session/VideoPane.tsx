import { useRef, useState } from 'react'
import type { VideoFacts } from '../../../../shared/domain'
import { api } from '../../api'
import { LandmarkOverlay } from '../../widgets/LandmarkOverlay'
import { VideoView } from '../../widgets/VideoView'
import { useFaceFrame } from './face-cache'
import { formatTime, frameAtMediaTime, seekTimeForFrame } from './frame-sync'
import { mediaUrl } from './media-url'
import { usePlayhead, type Playhead } from './playhead'

export interface VideoPaneProps {
  readonly sessionId: string
  readonly video: VideoFacts
  readonly timestamps: Float64Array
  readonly playhead: Playhead
  readonly hasFaces: boolean
  readonly showLandmarks: boolean
}

/**
 * The session video with the face overlay. The frame it reports (data-frame) is the one actually presented:
 * requestVideoFrameCallback's mediaTime, binary-searched in the real timestamps.
 */
export function VideoPane({ sessionId, video, timestamps, playhead, hasFaces, showLandmarks }: VideoPaneProps) {
  const ph = usePlayhead(playhead)
  const [presented, setPresented] = useState(-1)
  const [error, setError] = useState<string | null>(null)
  const pendingSeek = useRef<number | null>(null)
  const seenNonce = useRef(0)
  // Browser host: the /media/ route; Electron: the circumplex-media:// protocol (src/main/window/media-protocol.ts).
  const src = mediaUrl(sessionId, api().transport === 'electron')

  const seekReq = ph.seekNonce > 0 ? { time: seekTimeForFrame(timestamps, ph.seekFrame), nonce: ph.seekNonce } : null
  if (ph.seekNonce !== seenNonce.current) {
    // A new seek: until the video presents that frame, earlier frames it reports are stale.
    seenNonce.current = ph.seekNonce
    pendingSeek.current = ph.seekFrame
  }

  const onPresented = (mediaTime: number, cause: 'frame' | 'seeked') => {
    const f = frameAtMediaTime(timestamps, mediaTime)
    const pending = pendingSeek.current
    const state = playhead.get()
    if (pending !== null && cause === 'frame' && f !== pending && !state.playing) return // a frame from before the seek
    if (pending !== null && (f === pending || cause === 'seeked')) pendingSeek.current = null
    setPresented(f)
    if (state.playing || pending === null) playhead.presented(f)
  }

  const shown = presented >= 0 ? presented : ph.frame
  const face = useFaceFrame(sessionId, hasFaces, shown)
  const t = timestamps[ph.frame] ?? NaN
  const faceState = face === null ? 'no-track' : face === undefined ? 'loading' : face.landmarks ? 'present' : 'none'

  return (
    <section className="pane video-pane" data-testid="video-pane" data-frame={presented} data-face={faceState} aria-label="Video">
      <VideoView
        src={src}
        width={video.width}
        height={video.height}
        playing={ph.playing}
        playbackRate={ph.rate}
        seek={seekReq}
        onPresented={onPresented}
        onPlayingChange={(p) => playhead.setPlaying(p)}
        onError={setError}
      >
        <LandmarkOverlay videoWidth={video.width} videoHeight={video.height} face={face ?? null} showLandmarks={showLandmarks} />
        <div className="video-hud">
          <span className="hud-frame" data-testid="video-frame-label">
            frame {shown} · {formatTime(timestamps[shown] ?? NaN)}
          </span>
          {faceState === 'present' && face && <span className="hud-conf">face {Number.isFinite(face.confidence) ? face.confidence.toFixed(2) : '–'}</span>}
          {faceState === 'none' && (
            <span className="hud-noface" data-testid="no-face">
              NO FACE
            </span>
          )}
        </div>
      </VideoView>
      {error && <p className="error-text small">{error}</p>}
      <div className="video-meta muted small">
        {hasFaces ? (faceState === 'none' ? 'no face on this frame' : 'landmarks: 68 points · box') : 'no face track for this session'} · shown {formatTime(t)}
      </div>
    </section>
  )
}
