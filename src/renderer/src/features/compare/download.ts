/** Saves a Blob as a file through the browser's download (object URL + <a download>); works in Electron too. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
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

/** The bytes and type of a data: URL (Plotly.toImage's answer: base64 PNG, URL-encoded SVG); no fetch, which the CSP forbids. */
export function decodeDataUrl(url: string): { type: string; bytes: Uint8Array<ArrayBuffer> } {
  const m = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(url)
  if (!m) throw new Error('not a data: URL')
  const type = m[1] || 'text/plain'
  if (m[2].split(';').includes('base64')) {
    const bin = atob(m[3])
    return { type, bytes: Uint8Array.from(bin, (ch) => ch.charCodeAt(0)) }
  }
  return { type, bytes: new TextEncoder().encode(decodeURIComponent(m[3])) }
}
