import type { InvokeArgs, InvokeChannel, InvokeResult } from '../../shared/ipc/contract'
import { MAX_PAYLOAD_BYTES, isInvokeChannel } from '../../shared/ipc/contract'
import { AppError, fail, ok, type Result } from '../../shared/ipc/errors'
import { ARG_SCHEMAS } from './schemas'

export type Handlers = {
  readonly [K in InvokeChannel]: (args: InvokeArgs<K>) => Promise<InvokeResult<K>> | InvokeResult<K>
}

export type Dispatch = (channel: unknown, args: unknown) => Promise<Result<unknown>>

export interface Logger {
  error(message: string, error?: unknown): void
}

function payloadSize(args: unknown): number | null {
  try {
    return Buffer.byteLength(JSON.stringify(args ?? null) ?? '', 'utf8')
  } catch {
    return null // cyclic or too deep to serialise: not a valid argument
  }
}

/**
 * SQLite failures a person can act on (the transaction rolled back, so what was saved before is intact): a full
 * disk and a database that became read-only. Everything else stays INTERNAL.
 */
function storageFailure(e: unknown): { code: 'DISK_FULL' | 'DATA_DIR_NOT_WRITABLE'; message: string } | null {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : ''
  if (code === 'SQLITE_FULL') return { code: 'DISK_FULL', message: 'the disk holding the Circumplex database is full: this change was not saved; everything saved before is intact' }
  if (code.startsWith('SQLITE_READONLY')) return { code: 'DATA_DIR_NOT_WRITABLE', message: 'the Circumplex database cannot be written any more: this change was not saved' }
  return null
}

/**
 * The single entry for both transports (Electron IPC and the browser host's WebSocket):
 * unknown channel, oversized or invalid arguments are answered with a code and never reach a service;
 * service errors become `{code, message}`; unexpected errors are logged here with their stack and
 * cross the boundary as INTERNAL without it.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, args) => {
    if (!isInvokeChannel(channel)) {
      return fail('UNKNOWN_CHANNEL', `unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`)
    }
    const size = payloadSize(args)
    if (size === null) return fail('INVALID_ARGUMENT', `${channel}: arguments are not plain serialisable data`)
    if (size > MAX_PAYLOAD_BYTES) return fail('PAYLOAD_TOO_LARGE', `${channel}: arguments of ${size} bytes exceed ${MAX_PAYLOAD_BYTES}`)
    const parsed = ARG_SCHEMAS[channel].safeParse(args ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? issue.path.join('.') : 'arguments'
      return fail('INVALID_ARGUMENT', `${channel}: ${where}: ${issue?.message ?? 'invalid'}`)
    }
    try {
      const handler = handlers[channel] as (a: unknown) => unknown
      return ok(await handler(parsed.data))
    } catch (e) {
      if (e instanceof AppError) return fail(e.code, e.message)
      const storage = storageFailure(e)
      if (storage) {
        log.error(`${channel} failed`, e)
        return fail(storage.code, storage.message)
      }
      log.error(`${channel} failed`, e)
      return fail('INTERNAL', `${channel} failed unexpectedly; details are in the log`)
    }
  }
}
