/**
 * Error codes that cross process boundaries (IPC, WebSocket, CLI exit reasons).
 * Errors never cross as thrown objects: they travel as `{ code, message }` inside a `Result`.
 */
export const APP_ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNKNOWN_CHANNEL',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'CONFLICT',
  'CANCELLED',
  'INTERNAL',
  'DB_FUTURE_VERSION',
  'DB_CORRUPT',
  'DB_MIGRATION_FAILED',
  'DATA_DIR_NOT_WRITABLE',
  'DISK_FULL',
  'TOOL_MISSING',
  'MEDIA_UNREADABLE',
  'MEDIA_NO_VIDEO',
  'MEDIA_NO_AUDIO',
  'PARSE_ERROR',
  'LENGTH_MISMATCH',
  'SUBJECT_LEAKAGE',
  'JOB_FAILED'
] as const

export type AppErrorCode = (typeof APP_ERROR_CODES)[number]

export interface AppErrorInfo {
  readonly code: AppErrorCode
  readonly message: string
}

export type Result<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: AppErrorInfo }

export function ok<T>(data: T): Result<T> {
  return { ok: true, data }
}

export function fail<T = never>(code: AppErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } }
}

/** An error with a code, thrown inside a process and converted to a Result at the boundary. */
export class AppError extends Error {
  readonly code: AppErrorCode
  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'AppError'
    this.code = code
  }
}

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && (APP_ERROR_CODES as readonly string[]).includes(value)
}
