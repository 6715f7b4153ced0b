import { useEffect, useRef, useState } from 'react'
import type { SpectrogramRange } from '../../../../shared/review'
import { api } from '../../api'
import type { SpectrogramTile } from '../../widgets/SpectrogramView'
import { spectrogramPixels } from '../../widgets/spectrogram-image'
import { decodeFloat32, decodeUint8 } from '../../lib/session/frame-sync'

export const TILE_COLUMNS = 2048
const KEEP_TILES = 12

export interface SpectrogramMeta {
  readonly nMels: number
  readonly hop: number
  readonly sampleRate: number
  readonly originSec: number
  readonly totalColumns: number
  readonly minDb: number
  readonly maxDb: number
}

function metaOf(r: SpectrogramRange): SpectrogramMeta {
  return { nMels: r.nMels, hop: r.hop, sampleRate: r.sampleRate, originSec: r.originSec, totalColumns: r.totalColumns, minDb: r.minDb, maxDb: r.maxDb }
}

/** Spectrogram tiles covering the view [fromS, toS), fetched lazily 2048 columns at a time (≤ 12 kept). */
export function useSpectrogramTiles(sessionId: string, enabled: boolean, fromS: number, toS: number) {
  const [meta, setMeta] = useState<SpectrogramMeta | null | undefined>(undefined)
  const [tiles, setTiles] = useState<readonly SpectrogramTile[]>([])
  const asked = useRef(new Set<number>())

  useEffect(() => {
    asked.current.clear()
    setTiles([])
    setMeta(undefined)
    if (!enabled) {
      setMeta(null)
      return
    }
    let live = true
    void api()
      .invoke('audio:spectrogram', { sessionId, fromColumn: 0, toColumn: TILE_COLUMNS })
      .then((r) => {
        if (!live) return
        setMeta(r ? metaOf(r) : null)
        if (r) {
          asked.current.add(0)
          const image = new ImageData(spectrogramPixels(decodeUint8(r.data), r.columns, r.nMels), Math.max(1, r.columns), r.nMels)
          setTiles([{ fromColumn: 0, columns: r.columns, image }])
        }
      })
      .catch(() => live && setMeta(null))
    return () => {
      live = false
    }
  }, [sessionId, enabled])

  useEffect(() => {
    if (!meta) return
    const c0 = ((fromS - meta.originSec) * meta.sampleRate) / meta.hop
    const c1 = ((toS - meta.originSec) * meta.sampleRate) / meta.hop
    const first = Math.max(0, Math.floor(c0 / TILE_COLUMNS))
    const last = Math.min(Math.ceil(meta.totalColumns / TILE_COLUMNS) - 1, Math.floor((c1 - 1) / TILE_COLUMNS))
    for (let k = first; k <= last; k++) {
      if (asked.current.has(k)) continue
      asked.current.add(k)
      void api()
        .invoke('audio:spectrogram', { sessionId, fromColumn: k * TILE_COLUMNS, toColumn: (k + 1) * TILE_COLUMNS })
        .then((r) => {
          if (!r || r.columns === 0) return
          const image = new ImageData(spectrogramPixels(decodeUint8(r.data), r.columns, r.nMels), r.columns, r.nMels)
          setTiles((ts) => {
            const next = [...ts.filter((t) => t.fromColumn !== r.fromColumn), { fromColumn: r.fromColumn, columns: r.columns, image }]
            while (next.length > KEEP_TILES) {
              const drop = next.shift() as SpectrogramTile
              asked.current.delete(Math.floor(drop.fromColumn / TILE_COLUMNS))
            }
            return next
          })
        })
        .catch(() => asked.current.delete(k))
    }
  }, [meta, sessionId, fromS, toS])

  return { meta, tiles }
}

/** Waveform peaks of [fromS, toS) in `buckets` buckets, re-fetched (debounced) when the view changes. */
export function usePeaks(sessionId: string, enabled: boolean, fromS: number, toS: number, buckets: number) {
  const [peaks, setPeaks] = useState<{ min: Float32Array; max: Float32Array; span: number; durationS: number } | null | undefined>(undefined)
  useEffect(() => {
    if (!enabled) {
      setPeaks(null)
      return
    }
    let live = true
    const timer = setTimeout(() => {
      api()
        .invoke('audio:peaks', { sessionId, buckets: Math.max(1, Math.min(20_000, Math.round(buckets))), fromS: Math.max(0, fromS), toS: Math.max(fromS + 1e-3, toS) })
        .then((r) => live && setPeaks(r ? { min: decodeFloat32(r.min), max: decodeFloat32(r.max), span: r.toS - r.fromS, durationS: r.durationS } : null))
        .catch(() => live && setPeaks(null))
    }, 80)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [sessionId, enabled, fromS, toS, buckets])
  return peaks
}
