/**
 * The data hash of a dataset folder, streamed: byte for byte the digest of `datasetHash` in
 * src/main/engine/data/dataset-dir.ts (the one a training run records), but reading files in chunks with async I/O,
 * so it neither blocks an event loop nor holds a whole video in memory, reports progress per clip and can be
 * cancelled. A test keeps the two equal.
 */
import { createHash, type Hash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { AppError } from '../../../shared/ipc/errors'
import type { ClipEntry, LabelFormat } from '../../engine/data/dataset-dir'

async function feed(h: Hash, path: string, signal?: AbortSignal): Promise<void> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 })
  try {
    for await (const chunk of stream) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'hashing was cancelled')
      h.update(chunk as Buffer)
    }
  } finally {
    stream.destroy()
  }
}

/** The files of a clip that enter the hash, in order (the format's label file only for sewa / aff-wild2). */
export function hashedFiles(c: ClipEntry, format: LabelFormat): string[] {
  return [c.afewVa, format === 'sewa' ? c.sewa : format === 'aff-wild2' ? c.affWild2 : null, c.video].filter((p): p is string => p !== null)
}

export async function datasetHashStreamed(
  clips: readonly ClipEntry[],
  format: LabelFormat,
  opts: { signal?: AbortSignal; onClip?: (done: number, total: number) => void } = {}
): Promise<string> {
  const h = createHash('sha256').update(`format:${format}\n`)
  let done = 0
  for (const c of clips) {
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'hashing was cancelled')
    h.update(`${c.clipId}\t${c.subjectId}\n`)
    for (const p of hashedFiles(c, format)) if (existsSync(p)) await feed(h, p, opts.signal)
    opts.onClip?.(++done, clips.length)
  }
  return h.digest('hex')
}
