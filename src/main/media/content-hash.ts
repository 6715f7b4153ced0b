import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { AppError } from '../../shared/ipc/errors'

/** sha256 of a file, streamed (never loaded whole); the key of the content-addressed cache. */
export async function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256')
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal })) hash.update(chunk as Buffer)
  } catch (e) {
    if (signal?.aborted) throw new AppError('CANCELLED', 'cancelled')
    throw new AppError('MEDIA_UNREADABLE', `cannot read ${path}: ${(e as Error).message}`)
  }
  return hash.digest('hex')
}
