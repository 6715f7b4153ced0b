import { useCallback, useEffect, useState } from 'react'

/** Pane sizes of the review workspace, remembered per user (localStorage). */
export interface ReviewLayout {
  /** Width of the left column (video, circumplex, facts), px. */
  readonly left: number
  /** Height of the traces pane, px. */
  readonly traces: number
  /** Height of the audio pane, px. */
  readonly audio: number
}

const KEY = 'circumplex.review.layout.v1'
export const DEFAULT_LAYOUT: ReviewLayout = { left: 400, traces: 310, audio: 240 }
const LIMITS: Record<keyof ReviewLayout, [number, number]> = { left: [260, 900], traces: [180, 900], audio: [160, 700] }

export function clampLayout(l: Partial<ReviewLayout>): ReviewLayout {
  const out = { ...DEFAULT_LAYOUT }
  for (const k of Object.keys(LIMITS) as (keyof ReviewLayout)[]) {
    const v = l[k]
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = Math.max(LIMITS[k][0], Math.min(LIMITS[k][1], Math.round(v)))
  }
  return out
}

function load(): ReviewLayout {
  try {
    return clampLayout(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<ReviewLayout>)
  } catch {
    return DEFAULT_LAYOUT
  }
}

export function useReviewLayout(): [ReviewLayout, (key: keyof ReviewLayout, delta: number) => void, () => void] {
  const [layout, setLayout] = useState<ReviewLayout>(load)
  useEffect(() => {
    localStorage.setItem(KEY, JSON.stringify(layout))
  }, [layout])
  const nudge = useCallback((key: keyof ReviewLayout, delta: number) => setLayout((l) => clampLayout({ ...l, [key]: l[key] + delta })), [])
  const reset = useCallback(() => setLayout(DEFAULT_LAYOUT), [])
  return [layout, nudge, reset]
}
