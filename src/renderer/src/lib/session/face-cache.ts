import { useEffect, useRef, useState } from 'react'
import { api } from '../../api'
import type { FaceFrame } from '../../widgets/LandmarkOverlay'
import { decodeFloat32 } from './frame-sync'

const CHUNK = 256
const KEEP = 24

interface Chunk {
  readonly from: number
  readonly landmarks: Float32Array
  readonly boxes: Float32Array
  readonly confidence: Float32Array
}

/**
 * Faces of the current frame, fetched lazily in 256-frame chunks (the next chunk prefetched, ≤ 24 kept):
 * scrubbing an hour never asks for more than the frames near the playhead.
 * Returns undefined while loading, null when the session has no face track.
 */
export function useFaceFrame(sessionId: string, hasTrack: boolean, frame: number): FaceFrame | undefined | null {
  const cache = useRef(new Map<number, Chunk | Promise<void>>())
  const [, setTick] = useState(0)

  useEffect(() => {
    cache.current.clear()
  }, [sessionId])

  const want = (k: number) => {
    if (!hasTrack || k < 0 || cache.current.has(k)) return
    const p = api()
      .invoke('faces:get', { sessionId, fromFrame: k * CHUNK, toFrame: k * CHUNK + CHUNK - 1 })
      .then(
        (r) => {
          if (!r) {
            cache.current.delete(k)
            return
          }
          cache.current.set(k, { from: r.fromFrame, landmarks: decodeFloat32(r.landmarks), boxes: decodeFloat32(r.boxes), confidence: decodeFloat32(r.confidence) })
          while (cache.current.size > KEEP) cache.current.delete(cache.current.keys().next().value as number)
          setTick((t) => t + 1)
        },
        () => {
          cache.current.delete(k)
        }
      )
    cache.current.set(k, p)
  }

  const k = Math.floor(frame / CHUNK)
  useEffect(() => {
    want(k)
    want(k + 1)
  })

  if (!hasTrack) return null
  const c = cache.current.get(k)
  if (!c || c instanceof Promise) return undefined
  const i = frame - c.from
  if (i < 0 || i >= c.confidence.length) return undefined
  const conf = c.confidence[i]
  const lm = c.landmarks.subarray(i * 136, (i + 1) * 136)
  const present = Number.isFinite(conf) && Number.isFinite(lm[0])
  return {
    landmarks: present ? lm : null,
    box: present ? [c.boxes[i * 4], c.boxes[i * 4 + 1], c.boxes[i * 4 + 2], c.boxes[i * 4 + 3]] : null,
    confidence: conf
  }
}
