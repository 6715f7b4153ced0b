import { useCallback, useEffect, useState } from 'react'
import type { EditDimension, EditHistory, EditOp, SegmentReview, TraceEdit } from '../../../../../shared/annotation'
import { api } from '../../../api'
import type { ValueStore } from '../own-trace-store'
import { errorText } from '../../../lib/error-text'

export interface Corrections {
  readonly history: EditHistory | null
  readonly review: readonly SegmentReview[]
  readonly busy: boolean
  readonly error: string | null
  apply(op: EditOp, range: readonly [number, number], dimension: EditDimension): Promise<TraceEdit | null>
  undo(): Promise<void>
  redo(): Promise<void>
  markReviewed(range: readonly [number, number]): Promise<void>
  refresh(): Promise<void>
}


/** Logged edits of the own trace: apply, undo/redo (persisted, so they work across restarts), review status. */
export function useCorrections(traceId: string, annotatorId: string, store: ValueStore): Corrections {
  const [history, setHistory] = useState<EditHistory | null>(null)
  const [review, setReview] = useState<readonly SegmentReview[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const refresh = useCallback(async () => {
    const c = api()
    const [h, r] = await Promise.all([c.invoke('annotations:history', { traceId, limit: 50 }), c.invoke('annotations:review', { traceId })])
    setHistory(h)
    setReview(r)
  }, [traceId])

  const reload = useCallback(
    async (from: number, to: number) => {
      const data = await api().invoke('traces:get', { traceId, fromFrame: from, toFrame: to })
      store.load(data, from, to)
    },
    [traceId, store]
  )

  useEffect(() => {
    void refresh().catch((e) => setError(errorText(e)))
  }, [refresh])

  const run = async <T,>(fn: () => Promise<T>): Promise<T | null> => {
    setBusy(true)
    setError(null)
    try {
      return await fn()
    } catch (e) {
      setError(errorText(e))
      return null
    } finally {
      setBusy(false)
    }
  }

  return {
    history,
    review,
    busy,
    error,
    apply: (op, [fromFrame, toFrame], dimension) =>
      run(async () => {
        const edit = await api().invoke('annotations:edit', { ...op, traceId, fromFrame, toFrame, dimension, annotatorId })
        await reload(edit.fromFrame, edit.toFrame)
        await refresh()
        return edit
      }),
    undo: async () =>
      void (await run(async () => {
        const r = await api().invoke('annotations:undo', { traceId })
        if (r.edit) await reload(r.edit.fromFrame, r.edit.toFrame)
        await refresh()
      })),
    redo: async () =>
      void (await run(async () => {
        const r = await api().invoke('annotations:redo', { traceId })
        if (r.edit) await reload(r.edit.fromFrame, r.edit.toFrame)
        await refresh()
      })),
    markReviewed: async ([fromFrame, toFrame]) =>
      void (await run(async () => {
        setReview(await api().invoke('annotations:set-review', { traceId, fromFrame, toFrame, status: 'accepted' }))
      })),
    refresh
  }
}
