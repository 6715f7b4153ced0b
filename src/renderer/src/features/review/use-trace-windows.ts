import { useEffect, useMemo, useState } from 'react'
import { chunkSpan, type TraceStore, type TraceWindow } from './trace-view'

/**
 * Full-resolution windows covering frames [f0, f1] of each trace in `ids`, from the store's cache; missing chunks
 * are fetched and the component re-renders when they arrive. A trace is absent from the map until its window is
 * loaded (callers draw something else meanwhile). The map is stable while the chunks covering the range are.
 */
export function useTraceWindows(store: TraceStore, ids: readonly string[], f0: number, f1: number): ReadonlyMap<string, TraceWindow> {
  const [version, setVersion] = useState(0)
  const [from, to] = chunkSpan(f0, f1)
  const idKey = ids.join('\n')
  const windows = useMemo(() => {
    const m = new Map<string, TraceWindow>()
    for (const id of idKey ? idKey.split('\n') : []) {
      const w = store.peek(id, from, to)
      if (w) m.set(id, w)
    }
    return m
    // `version` re-reads the cache after a fetch resolved.
  }, [store, idKey, from, to, version])
  const missing = (idKey ? idKey.split('\n') : []).filter((id) => !windows.has(id))
  const missingKey = missing.join('\n')
  useEffect(() => {
    if (!missingKey) return
    let live = true
    const done = () => {
      if (live) setVersion((v) => v + 1)
    }
    for (const id of missingKey.split('\n')) store.window(id, from, to).then(done, () => undefined)
    return () => {
      live = false
    }
  }, [store, missingKey, from, to])
  return windows
}
