import { useEffect, useRef, type ReactNode } from 'react'

export interface VideoViewProps {
  readonly src: string
  readonly width: number
  readonly height: number
  readonly playing: boolean
  readonly playbackRate: number
  /** Set currentTime to `time` whenever `nonce` changes. */
  readonly seek: { readonly time: number; readonly nonce: number } | null
  /** Media time of every presented frame (requestVideoFrameCallback's mediaTime; currentTime where unsupported). */
  readonly onPresented: (mediaTime: number, cause: 'frame' | 'seeked') => void
  readonly onPlayingChange: (playing: boolean) => void
  readonly onError: (message: string) => void
  readonly onReady?: () => void
  readonly children?: ReactNode
}

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number
  cancelVideoFrameCallback?: (handle: number) => void
}

/** The <video> of a session with frame-accurate presentation reports; overlays are drawn by children. */
export function VideoView(props: VideoViewProps) {
  const ref = useRef<FrameCallbackVideo>(null)
  const cb = useRef(props)
  cb.current = props

  useEffect(() => {
    const v = ref.current
    if (!v) return
    let handle = 0
    let raf = 0
    let live = true
    const useRvfc = typeof v.requestVideoFrameCallback === 'function'
    const onFrame = (_now: number, meta: { mediaTime: number }) => {
      if (!live) return
      cb.current.onPresented(meta.mediaTime, 'frame')
      handle = v.requestVideoFrameCallback!(onFrame)
    }
    const poll = () => {
      if (!live) return
      if (!v.paused) cb.current.onPresented(v.currentTime, 'frame')
      raf = requestAnimationFrame(poll)
    }
    if (useRvfc) handle = v.requestVideoFrameCallback!(onFrame)
    else raf = requestAnimationFrame(poll)
    const onSeeked = () => cb.current.onPresented(v.currentTime, 'seeked')
    const onPlay = () => cb.current.onPlayingChange(true)
    const onPause = () => cb.current.onPlayingChange(false)
    const onError = () => cb.current.onError(v.error?.message || `the video could not be played (code ${v.error?.code ?? '?'})`)
    const onLoaded = () => cb.current.onReady?.()
    v.addEventListener('seeked', onSeeked)
    v.addEventListener('play', onPlay)
    v.addEventListener('pause', onPause)
    v.addEventListener('ended', onPause)
    v.addEventListener('error', onError)
    v.addEventListener('loadeddata', onLoaded)
    return () => {
      live = false
      if (useRvfc && handle) v.cancelVideoFrameCallback?.(handle)
      cancelAnimationFrame(raf)
      v.removeEventListener('seeked', onSeeked)
      v.removeEventListener('play', onPlay)
      v.removeEventListener('pause', onPause)
      v.removeEventListener('ended', onPause)
      v.removeEventListener('error', onError)
      v.removeEventListener('loadeddata', onLoaded)
      v.pause()
      v.removeAttribute('src')
      v.load()
    }
  }, [props.src])

  useEffect(() => {
    const v = ref.current
    if (v) v.playbackRate = props.playbackRate
  }, [props.playbackRate])

  useEffect(() => {
    const v = ref.current
    if (!v) return
    if (props.playing && v.paused) v.play().catch((e: Error) => cb.current.onError(`playback refused: ${e.message}`))
    else if (!props.playing && !v.paused) v.pause()
  }, [props.playing])

  const seekNonce = props.seek?.nonce
  useEffect(() => {
    const v = ref.current
    if (v && props.seek && Number.isFinite(props.seek.time)) v.currentTime = props.seek.time
  }, [seekNonce])

  return (
    <div className="video-view" style={{ aspectRatio: `${props.width} / ${props.height}` }}>
      <video ref={ref} src={props.src} preload="auto" playsInline data-export="video" />
      {props.children}
    </div>
  )
}
