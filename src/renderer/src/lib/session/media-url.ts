/**
 * The <video> source of a session: the browser host's `/media/<id>` route, or in the Electron window (where
 * `window.api` exists) the `circumplex-media://session/<id>` protocol registered by the main process.
 */
export function mediaUrl(sessionId: string, electron: boolean): string {
  const id = encodeURIComponent(sessionId)
  return electron ? `circumplex-media://session/${id}` : `/media/${id}`
}
