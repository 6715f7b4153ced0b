import { useEffect, useState } from 'react'
import type { EditHistory, TraceEdit } from '../../../../../shared/annotation'
import { api } from '../../../api'

const KIND: Record<string, string> = {
  rate: 'rated live',
  accept: 'accepted',
  reject: 'rejected (cleared)',
  redraw: 'redrawn by hand',
  shift: 'shifted',
  smooth: 'smoothed',
  replace: 'replaced from another trace',
  fuse: 'fused',
  import: 'imported'
}

export function describeEdit(e: TraceEdit, names: ReadonlyMap<string, string>): string {
  const who = e.authorType === 'annotator' ? (names.get(e.authorId ?? '') ?? 'annotator') : e.authorType === 'model_run' ? `model run ${e.authorId ?? ''}` : 'system'
  const src = typeof e.params.sourceTraceId === 'string' ? ` (from ${names.get(e.params.sourceTraceId) ?? e.params.sourceTraceId})` : ''
  const t = new Date(e.createdAt)
  return `#${e.seq} ${KIND[e.kind] ?? e.kind}${src} by ${who} · ${Number.isNaN(t.getTime()) ? e.createdAt : t.toLocaleTimeString()} · frames ${e.fromFrame}–${e.toFrame}`
}

/** History rows: consecutive live-rating batches of one pass fold into one row (a pass writes a batch every 250 ms). */
export function foldRateBatches(edits: readonly TraceEdit[]): { edit: TraceEdit; batches: number; fromFrame: number; toFrame: number }[] {
  const out: { edit: TraceEdit; batches: number; fromFrame: number; toFrame: number }[] = []
  for (const e of edits) {
    const prev = out[out.length - 1]
    if (prev && e.kind === 'rate' && prev.edit.kind === 'rate' && e.passId !== null && e.passId === prev.edit.passId && e.undone === prev.edit.undone) {
      prev.batches++
      prev.fromFrame = Math.min(prev.fromFrame, e.fromFrame)
      prev.toFrame = Math.max(prev.toFrame, e.toFrame)
    } else out.push({ edit: e, batches: 1, fromFrame: e.fromFrame, toFrame: e.toFrame })
  }
  return out
}

/** Where the value at the playhead came from: the edit that last changed it (or "not rated"). */
export function Provenance({ traceId, frame, history, names, version }: { traceId: string; frame: number; history: EditHistory | null; names: ReadonlyMap<string, string>; version: number }) {
  const [editId, setEditId] = useState<number | null | undefined>(undefined)
  useEffect(() => {
    let live = true
    const t = setTimeout(() => {
      api()
        .invoke('annotations:provenance', { traceId, fromFrame: frame, toFrame: frame })
        .then((p) => live && setEditId(p.editIds[0] ?? null))
        .catch(() => live && setEditId(undefined))
    }, 80)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [traceId, frame, version, history])
  const edit = editId ? history?.edits.find((e) => e.id === editId) : undefined
  return (
    <p className="provenance small" data-testid="provenance" data-edit-id={editId ?? ''}>
      <strong>frame {frame}</strong> ·{' '}
      {editId === undefined ? '…' : editId === null ? 'no logged edit changed this frame' : edit ? describeEdit(edit, names) : `edit id ${editId} (older than the history shown)`}
    </p>
  )
}
