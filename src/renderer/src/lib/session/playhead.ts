import { useSyncExternalStore } from 'react'

/**
 * The one playhead of the workspace: the frame every pane shows. The video reports what it presents; the user's
 * steps and clicks ask for a seek (the video pane follows `seekNonce`). Panes subscribe with usePlayhead so only
 * they re-render per frame, never the whole workspace.
 */
export interface PlayheadState {
  readonly frame: number
  readonly playing: boolean
  readonly rate: number
  /** Frame of the last seek request and a counter that changes with every request. */
  readonly seekFrame: number
  readonly seekNonce: number
}

export const RATES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2] as const

export interface Playhead {
  get(): PlayheadState
  subscribe(listener: () => void): () => void
  /** What the video presented (does not seek). */
  presented(frame: number): void
  seek(frame: number): void
  step(delta: number): void
  setPlaying(playing: boolean): void
  togglePlay(): void
  setRate(rate: number): void
  faster(dir: 1 | -1): void
}

export function createPlayhead(frameCount: number): Playhead {
  let state: PlayheadState = { frame: 0, playing: false, rate: 1, seekFrame: 0, seekNonce: 0 }
  const listeners = new Set<() => void>()
  const set = (patch: Partial<PlayheadState>) => {
    state = { ...state, ...patch }
    listeners.forEach((l) => l())
  }
  const clamp = (f: number) => Math.max(0, Math.min(frameCount - 1, Math.round(f)))
  const api: Playhead = {
    get: () => state,
    subscribe(l) {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    presented(frame) {
      const f = clamp(frame)
      if (f !== state.frame) set({ frame: f })
    },
    seek(frame) {
      const f = clamp(frame)
      set({ frame: f, seekFrame: f, seekNonce: state.seekNonce + 1, playing: false })
    },
    step(delta) {
      api.seek(state.frame + delta)
    },
    setPlaying(playing) {
      if (playing !== state.playing) set({ playing })
    },
    togglePlay() {
      set({ playing: !state.playing })
    },
    setRate(rate) {
      set({ rate: Math.max(0.25, Math.min(2, rate)) })
    },
    faster(dir) {
      const i = RATES.findIndex((r) => r >= state.rate)
      const next = RATES[Math.max(0, Math.min(RATES.length - 1, (i < 0 ? RATES.length - 1 : i) + dir))]
      set({ rate: next })
    }
  }
  return api
}

export function usePlayhead(p: Playhead): PlayheadState {
  return useSyncExternalStore(p.subscribe, p.get, p.get)
}

/** Only the frame (components that do not care about play state re-render on frame changes only). */
export function useFrame(p: Playhead): number {
  return useSyncExternalStore(
    p.subscribe,
    () => p.get().frame,
    () => p.get().frame
  )
}
