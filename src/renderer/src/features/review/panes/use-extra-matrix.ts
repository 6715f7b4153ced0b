/**
 * A per-frame trace extra (frames × dims, e.g. 'au_probs') of one run, fetched in chunks of EXTRA_CHUNK frames as the
 * shown range [from, to) needs them (`traces:extra` with a frame range), so an hour-long session never travels whole.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { api } from '../../../api'
import { decodeFloat32 } from '../../../lib/session/frame-sync'
import { chunksFor } from '../model-signals'
import type { FrameMatrix } from './affect-tracks-data'

export const EXTRA_CHUNK = 1024

export function useExtraMatrix(traceId: string | null, kind: string, dims: number | null, frameCount: number, from: number, to: number): FrameMatrix | null {
  const ref = useRef<{ key: string; values: Float32Array; loaded: Set<number> } | null>(null)
  const [version, setVersion] = useState(0)
  const key = traceId && dims ? `${traceId}:${kind}` : null
  if (!key || !dims) ref.current = null
  else if (ref.current?.key !== key) ref.current = { key, values: new Float32Array(frameCount * dims).fill(NaN), loaded: new Set() }
  const m = ref.current

  useEffect(() => {
    if (!m || !traceId || !dims) return
    for (const k of chunksFor(from, to + EXTRA_CHUNK / 4, frameCount, EXTRA_CHUNK)) {
      if (m.loaded.has(k)) continue
      m.loaded.add(k)
      void api()
        .invoke('traces:extra', { traceId, kind, fromFrame: k * EXTRA_CHUNK, toFrame: (k + 1) * EXTRA_CHUNK - 1 })
        .then((r) => {
          if (!r || ref.current !== m) return
          const rows = decodeFloat32(r.data)
          m.values.set(rows.subarray(0, Math.max(0, Math.min(rows.length, m.values.length - r.fromFrame * dims))), r.fromFrame * dims)
          setVersion((v) => v + 1)
        })
        .catch(() => m.loaded.delete(k))
    }
  }, [m, traceId, kind, dims, from, to, frameCount])

  // A new object whenever chunks arrive, so the strips redraw.
  return useMemo(() => (m && dims ? { frames: frameCount, dims, values: m.values } : null), [m, dims, frameCount, version])
}
