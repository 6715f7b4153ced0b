import { mimeOf } from './exchange-logic'

/** Saves text as a file through the browser's download (Blob + object URL + <a download>); works in Electron too. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mimeOf(fileName)};charset=utf-8` }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Revoke after the browser has started reading the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
