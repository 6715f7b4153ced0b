// Import speed and memory, measured side by side in one run (this machine is noisy: compare ratios).
//   node bench/import-realtime.mjs [video ...]      default: the shared 25 fps talking-head clips
//   node bench/import-realtime.mjs --long            also a generated 10-minute 720p clip: peak RSS must stay < 1 GiB
// For each clip: import with the face pass on 1 thread and on 2 threads, report seconds and the ratio
// clip duration / import time (≥ 2 means twice real time), and the peak RSS of the whole process tree.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const cli = join(root, 'out', 'main', 'cli.js')
if (!existsSync(cli)) spawnSync(process.execPath, [join(root, 'bin', 'circumplex'), '--version'], { stdio: 'inherit' })
const args = process.argv.slice(2)
const long = args.includes('--long')
let clips = args.filter((a) => !a.startsWith('--'))
if (clips.length === 0) clips = ['WDA_KatieHill_000.mp4', 'WDA_AlexandriaOcasioCortez_000.mp4'].map((f) => join(root, '..', 'shared', 'data', 'video', f))
clips = clips.filter((c) => {
  if (existsSync(c)) return true
  console.log(`skipped ${c}: not present (../shared/data missing?)`)
  return false
})

function treeRssKb(pid) {
  const r = spawnSync('ps', ['-o', 'pid=,ppid=,rss=', '-A'], { encoding: 'utf8' })
  const rows = r.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number))
  const kids = new Map()
  for (const [p, pp] of rows) kids.set(pp, [...(kids.get(pp) ?? []), p])
  const rss = new Map(rows.map(([p, , k]) => [p, k]))
  let total = 0
  const stack = [pid]
  while (stack.length) {
    const p = stack.pop()
    total += rss.get(p) ?? 0
    stack.push(...(kids.get(p) ?? []))
  }
  return total
}

function runImport(clip, threads) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cx-bench-'))
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [cli, 'import', clip, '--json', '--data-dir', dataDir], {
      env: { ...process.env, CIRCUMPLEX_FACE_THREADS: String(threads) },
      stdio: ['ignore', 'pipe', 'ignore']
    })
    let out = ''
    let peak = 0
    const timer = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid))), 250)
    child.stdout.on('data', (d) => (out += d))
    child.on('exit', (code) => {
      clearInterval(timer)
      const s = (performance.now() - t0) / 1000
      if (code !== 0) return reject(new Error(`import of ${clip} failed (${code})`))
      const r = JSON.parse(out)
      resolvePromise({ seconds: s, duration: r.durationS, faces: r.faces?.detected ?? 0, frames: r.frameCount, peakMiB: peak / 1024 })
    })
  })
}

if (long) {
  const dir = mkdtempSync(join(tmpdir(), 'cx-long-'))
  const longClip = join(dir, 'ten-minutes-720p.mp4')
  const src = clips[0]
  console.log(`making ${longClip} (a shared clip looped to 10 minutes, 1280×720)…`)
  const r = spawnSync('ffmpeg', ['-v', 'error', '-stream_loop', '-1', '-i', src, '-t', '600', '-vf', 'scale=1280:720,setsar=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', longClip])
  if (r.status !== 0) throw new Error('could not make the long clip')
  clips = [longClip]
}

console.log('clip                                   frames  dur(s)  1 thread: s  ×RT   |  2 threads: s  ×RT   | speed-up | peak RSS MiB (1t / 2t)')
for (const clip of clips) {
  const one = await runImport(clip, 1)
  const two = await runImport(clip, 2)
  const name = clip.split('/').pop().padEnd(38)
  console.log(
    `${name} ${String(one.frames).padStart(6)}  ${one.duration.toFixed(1).padStart(6)}  ${one.seconds.toFixed(1).padStart(11)}  ${(one.duration / one.seconds).toFixed(2)}  | ${two.seconds.toFixed(1).padStart(13)}  ${(two.duration / two.seconds).toFixed(2)}  | ${(one.seconds / two.seconds).toFixed(2).padStart(8)} | ${one.peakMiB.toFixed(0)} / ${two.peakMiB.toFixed(0)}`
  )
  if (one.faces !== two.faces) console.log(`  note: faces found differ (1 thread ${one.faces}, 2 threads ${two.faces}): ranges start a fresh tracker`)
}
void readFileSync
