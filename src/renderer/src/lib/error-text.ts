/** "CODE: message" of an error answered by main (ApiError) or thrown locally, for showing to the user. */
export function errorText(e: unknown): string {
  const o = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; message?: unknown }
  const code = typeof o.code === 'string' ? o.code : 'INTERNAL'
  const message = typeof o.message === 'string' ? o.message : String(e)
  return `${code}: ${message}`
}
