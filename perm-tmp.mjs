import { chromium } from 'playwright-core'
import http from 'node:http'
const srv = http.createServer((q, r) => { r.setHeader('content-type','text/html'); r.end(`<button id=b onclick="{const a=document.createElement('a');a.href=window.URL.createObjectURL(new Blob(['x'.repeat(16000)],{type:'text/csv;charset=utf-8'}));a.download='f'+Date.now()+'.csv';a.rel='noopener';a.style.display='none';document.body.appendChild(a);a.click();a.remove()}">b</button>`) }).listen(0)
await new Promise(r => srv.on('listening', r))
const lat = []; let drops = 0
for (let round = 0; round < 6; round++) {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] })
  const ctx = await b.newContext({ acceptDownloads: true })
  const page = await ctx.newPage()
  await page.goto(`http://127.0.0.1:${srv.address().port}/`)
  for (let i = 0; i < 10; i++) {
    const t0 = Date.now()
    const d = await Promise.all([page.waitForEvent('download', { timeout: 20000 }).catch(() => null), page.click('#b')]).then(x => x[0])
    if (!d) { drops++; console.log('drop round', round, 'i', i) } else { lat.push(Date.now() - t0); await d.path() }
  }
  await b.close()
}
lat.sort((a, b) => a - b)
console.log('n', lat.length, 'drops', drops, 'median', lat[lat.length >> 1], 'max', lat[lat.length - 1], 'top5', lat.slice(-5))
srv.close()
