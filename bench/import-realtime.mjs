// Import speed and memory, measured side by side in one run (this machine is noisy: compare ratios).
//   node bench/import-realtime.mjs [options] [video ...]   default: the shared 25 fps talking-head clips
//   --threads LIST   face-pass settings to compare, comma-separated (default "auto,2"): a number sets
//                    CIRCUMPLEX_FACE_THREADS (forces that many threads from 100 frames on), "auto" leaves it
//                    unset (the import chooses by clip length: 1 thread below 400 frames, see face-pass.ts)
//   --runs N         imports per clip and setting, interleaved (default 3); medians are reported
//   --profile        also print where the time went (median ms from spawn: phases of the import job, face
//                    chunks, store), from CIRCUMPLEX_IMPORT_PROFILE=1 marks on stderr
//   --long           also a generated 10-minute 720p clip: peak RSS must stay < 1 GiB (one run per setting)
//   --accuracy       instead of timing: landmark accuracy of the VIDEO path (tracking, smoothing) on moving faces
//                    with exact ground truth: each 300-W / 300-VW still of ../shared/data/landmarks (the eval-landmarks
//                    test set; nothing is fitted on it) is warped by a known similarity transform per frame (zoom ±15 %,
//                    pan ±12 %/±8 %, roll ±10°; 4 s at 25 fps, face 30 % and 50 % of the frame height), encoded
//                    with libx264, imported, and the stored main track is scored (inter-ocular NME, outer eye corners)
// Needs the built app (out/main/cli.js; `npx electron-vite build` after changing sources).
// For each clip and setting: import time (median s), the ratio clip duration / import time (≥ 2 means twice
// real time) with min–max over the runs, and the peak RSS of the whole process tree. The machine's load
// average is printed before and after: numbers taken under load are slower for every setting alike.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

if (process.argv.includes('--help')) {
  const head = readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('//')))
  console.log(head.map((l) => l.replace(/^\/\/ ?/, '')).join('\n'))
  process.exit(0)
}
const root = resolve(import.meta.dirname, '..')
const cli = join(root, 'out', 'main', 'cli.js')
if (!existsSync(cli)) spawnSync(process.execPath, [join(root, 'bin', 'circumplex'), '--version'], { stdio: 'inherit' })
const argv = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = argv.indexOf(name)
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt
}
const long = argv.includes('--long')
const profile = argv.includes('--profile')
const runs = Math.max(1, Number(opt('--runs', long ? '1' : '3')) || 1)
const settings = opt('--threads', 'auto,2').split(',').filter(Boolean)
const valued = new Set(['--runs', '--threads'])
let clips = argv.filter((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1]))
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

/** Profile marks → { phase: ms since spawn } (chunk phases keyed by their first frame). */
function parseMarks(stderr, t0Epoch) {
  const out = {}
  for (const line of stderr.split('\n')) {
    const m = /^import-profile t\d+ (\S+) ([\d.]+)(.*)$/.exec(line)
    if (!m) continue
    const start = /start=(\d+)/.exec(m[3])
    const key = start ? `${m[1]}[${start[1]}]` : m[1]
    out[key] = Number(m[2]) - t0Epoch
  }
  return out
}

function runImport(clip, setting) {
  const dataDir = mkdtempSync(join(tmpdir(), 'cx-bench-'))
  const env = { ...process.env }
  if (setting === 'auto') delete env.CIRCUMPLEX_FACE_THREADS
  else env.CIRCUMPLEX_FACE_THREADS = setting
  if (profile) env.CIRCUMPLEX_IMPORT_PROFILE = '1'
  return new Promise((resolvePromise, reject) => {
    const t0Epoch = performance.timeOrigin + performance.now()
    const t0 = performance.now()
    const child = spawn(process.execPath, [cli, 'import', clip, '--json', '--data-dir', dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let peak = 0
    const timer = setInterval(() => (peak = Math.max(peak, treeRssKb(child.pid))), 250)
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('exit', (code) => {
      clearInterval(timer)
      const s = (performance.now() - t0) / 1000
      rmSync(dataDir, { recursive: true, force: true })
      if (code !== 0) return reject(new Error(`import of ${clip} failed (${code}): ${err.split('\n').filter((l) => !l.startsWith('import-profile')).slice(-3).join(' ')}`))
      const r = JSON.parse(out)
      const marks = parseMarks(err, t0Epoch)
      marks.exit = s * 1000
      resolvePromise({ seconds: s, duration: r.durationS, faces: r.faces?.detected ?? 0, frames: r.frameCount, peakMiB: peak / 1024, marks })
    })
  })
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ')

if (long) {
  const dir = mkdtempSync(join(tmpdir(), 'cx-long-'))
  const longClip = join(dir, 'ten-minutes-720p.mp4')
  const src = clips[0]
  console.log(`making ${longClip} (a shared clip looped to 10 minutes, 1280×720)…`)
  const r = spawnSync('ffmpeg', ['-v', 'error', '-stream_loop', '-1', '-i', src, '-t', '600', '-vf', 'scale=1280:720,setsar=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', longClip])
  if (r.status !== 0) throw new Error('could not make the long clip')
  clips = [longClip]
}

/** A still's RGB24 pixels through ffmpeg (optionally area-scaled to w×h). */
function decodeRgb(path, size) {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path], { encoding: 'utf8' })
  const [w0, h0] = probe.stdout.trim().split(',').map(Number)
  const [w, h] = size ?? [w0, h0]
  const vf = size ? ['-vf', `scale=${w}:${h}:flags=area`] : []
  const raw = spawnSync('ffmpeg', ['-v', 'error', '-i', path, ...vf, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 1 << 30 }).stdout
  return { data: raw, width: w, height: h, w0, h0 }
}

/** The 68-point ground truth of the shared 300-W (COCO JSON) and 300-VW (.pts) stills, 0-based pixels. */
function groundTruthStills() {
  const dir = join(root, '..', 'shared', 'data', 'landmarks')
  const out = []
  const coco = JSON.parse(readFileSync(join(dir, '300w', 'test_300w.json'), 'utf8'))
  for (const im of coco.images) {
    for (const a of coco.annotations.filter((x) => x.image_id === im.id)) {
      const k = a.keypoints
      out.push({ name: im.file_name.replace(/\.\w+$/, ''), path: join(dir, '300w', im.file_name), points: Array.from({ length: 68 }, (_, i) => [k[3 * i] - 1, k[3 * i + 1] - 1]) })
    }
  }
  for (const f of ['000006', '000009']) {
    const text = readFileSync(join(dir, '300vw-001', `${f}.pts`), 'utf8')
    const body = text.slice(text.indexOf('{') + 1, text.indexOf('}')).trim().split('\n')
    out.push({ name: `vw${f}`, path: join(dir, '300vw-001', `${f}.jpg`), points: body.map((l) => l.trim().split(/\s+/).map((v) => Number(v) - 1)) })
  }
  return out
}

/** Writes a 4 s moving-face clip of `still` (face `rel` × the frame height) and returns its per-frame ground truth. */
function movingFaceClip(still, rel, file) {
  const [W, H, FPS, N] = [640, 480, 25, 100]
  const extent = (pts, k) => Math.max(...pts.map((p) => p[k])) - Math.min(...pts.map((p) => p[k]))
  let img = decodeRgb(still.path)
  let g = still.points
  let s0 = (rel * H) / extent(g, 1)
  if (s0 < 0.75) {
    // shrink with an area filter first (no aliasing), then warp at a scale near 1
    const k = s0 / 0.9
    img = decodeRgb(still.path, [Math.round(img.width * k), Math.round(img.height * k)])
    const [kx, ky] = [img.width / img.w0, img.height / img.h0]
    g = g.map(([x, y]) => [(x + 0.5) * kx - 0.5, (y + 0.5) * ky - 0.5])
    s0 = (rel * H) / extent(g, 1)
  }
  const f = [0, 1].map((k) => (Math.min(...g.map((p) => p[k])) + Math.max(...g.map((p) => p[k]))) / 2)
  const frames = Buffer.alloc(W * H * 3 * N)
  const truth = []
  const { data, width, height } = img
  for (let i = 0; i < N; i++) {
    const t = i / FPS
    const s = s0 * (1 + 0.15 * Math.sin((2 * Math.PI * t) / 3.1))
    const th = ((10 * Math.PI) / 180) * Math.sin((2 * Math.PI * t) / 2.3)
    const ox = W / 2 + 0.12 * W * Math.sin((2 * Math.PI * t) / 2.7)
    const oy = H / 2 + 0.08 * H * Math.sin((2 * Math.PI * t) / 1.9 + 1)
    const [c, sn] = [Math.cos(th), Math.sin(th)]
    let o = i * W * H * 3
    for (let v = 0; v < H; v++) {
      for (let u = 0; u < W; u++, o += 3) {
        // inverse of q = s·R(th)·(p − f) + (ox, oy), sampled bilinearly (outside: black)
        const px = (c * (u - ox) + sn * (v - oy)) / s + f[0]
        const py = (-sn * (u - ox) + c * (v - oy)) / s + f[1]
        if (!(px >= 0 && py >= 0 && px <= width - 1 && py <= height - 1)) continue
        const x0 = Math.min(Math.floor(px), width - 2)
        const y0 = Math.min(Math.floor(py), height - 2)
        const [fx, fy] = [px - x0, py - y0]
        const a = (y0 * width + x0) * 3
        const b = a + width * 3
        for (let ch = 0; ch < 3; ch++) {
          const val = data[a + ch] * (1 - fx) * (1 - fy) + data[a + 3 + ch] * fx * (1 - fy) + data[b + ch] * (1 - fx) * fy + data[b + 3 + ch] * fx * fy
          frames[o + ch] = Math.min(255, Math.floor(val + 0.5))
        }
      }
    }
    truth.push(g.map(([x, y]) => [s * (c * (x - f[0]) - sn * (y - f[1])) + ox, s * (sn * (x - f[0]) + c * (y - f[1])) + oy]))
  }
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${W}x${H}`, '-r', String(FPS), '-i', 'pipe:0', '-c:v', 'libx264', '-crf', '16', '-preset', 'fast', '-pix_fmt', 'yuv420p', file], { input: frames, maxBuffer: 1 << 30 })
  if (r.status !== 0) throw new Error(`could not encode ${file}`)
  return truth
}

async function accuracy() {
  const { default: Database } = await import('better-sqlite3')
  const dir = mkdtempSync(join(tmpdir(), 'cx-moving-faces-'))
  console.log('video-path landmark accuracy on moving faces with exact ground truth (inter-ocular NME %, all frames;')
  console.log('the import as configured, One-Euro smoothing included: its lag on moving faces shows here)')
  console.log('clip                  found   NME-68  NME-51  jaw-17  p95-68')
  const rows = []
  for (const still of groundTruthStills()) {
    for (const rel of [0.3, 0.5]) {
      const clip = join(dir, `${still.name}_${rel * 100}.mp4`)
      const truth = movingFaceClip(still, rel, clip)
      const dataDir = mkdtempSync(join(tmpdir(), 'cx-bench-'))
      const run = spawnSync(process.execPath, [cli, 'import', clip, '--json', '--no-spectrogram', '--data-dir', dataDir], { encoding: 'utf8' })
      if (run.status !== 0) throw new Error(`import of ${clip} failed: ${run.stderr.split('\n').slice(-2).join(' ')}`)
      const db = new Database(join(dataDir, 'circumplex.sqlite'), { readonly: true })
      const row = db.prepare("SELECT landmarks, frame_count FROM face_tracks WHERE track = 'main'").get()
      db.close()
      rmSync(dataDir, { recursive: true, force: true })
      const p = new Float32Array(new Uint8Array(row.landmarks).buffer)
      const e68 = []
      const e51 = []
      const jaw = []
      truth.forEach((g, i) => {
        if (Number.isNaN(p[i * 136])) return
        const iod = Math.hypot(g[36][0] - g[45][0], g[36][1] - g[45][1])
        const err = g.map(([x, y], k) => Math.hypot(p[i * 136 + 2 * k] - x, p[i * 136 + 2 * k + 1] - y) / iod)
        e68.push(err.reduce((a, b) => a + b) / 68)
        e51.push(err.slice(17).reduce((a, b) => a + b) / 51)
        jaw.push(err.slice(0, 17).reduce((a, b) => a + b) / 17)
      })
      const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
      const p95 = [...e68].sort((a, b) => a - b)[Math.floor(0.95 * (e68.length - 1))] ?? NaN
      rows.push({ e68: mean(e68), e51: mean(e51), misses: truth.length - e68.length })
      console.log(`${`${still.name} ${rel * 100}%`.padEnd(20)} ${String(e68.length).padStart(3)}/${truth.length}  ${(100 * mean(e68)).toFixed(2).padStart(6)}  ${(100 * mean(e51)).toFixed(2).padStart(6)}  ${(100 * mean(jaw)).toFixed(2).padStart(6)}  ${(100 * p95).toFixed(2).padStart(6)}`)
    }
  }
  const m = (k) => (100 * rows.reduce((a, r) => a + r[k], 0)) / rows.length
  console.log(`mean over clips               ${m('e68').toFixed(2).padStart(6)}  ${m('e51').toFixed(2).padStart(6)}   frames without a face: ${rows.reduce((a, r) => a + r.misses, 0)}`)
  rmSync(dir, { recursive: true, force: true })
}

if (argv.includes('--accuracy')) {
  await accuracy()
  process.exit(0)
}

console.log(`load average (1/5/15 min) before: ${load()}; ${runs} run(s) per clip and setting, interleaved`)
console.log('clip                                 frames  dur(s) | setting  median s  ×RT (min–max)      | peak RSS MiB | faces')
for (const clip of clips) {
  const results = new Map(settings.map((s) => [s, []]))
  for (let k = 0; k < runs; k++) for (const s of settings) results.get(s).push(await runImport(clip, s))
  const name = clip.split('/').pop().slice(0, 36).padEnd(36)
  settings.forEach((s, i) => {
    const rs = results.get(s)
    const secs = median(rs.map((r) => r.seconds))
    const ratios = rs.map((r) => r.duration / r.seconds)
    const head = i === 0 ? `${name} ${String(rs[0].frames).padStart(6)}  ${rs[0].duration.toFixed(1).padStart(6)}` : ' '.repeat(51)
    const faces = [...new Set(rs.map((r) => r.faces))].join('/')
    console.log(
      `${head} | ${s.padEnd(7)} ${secs.toFixed(2).padStart(8)}  ${(rs[0].duration / secs).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) | ${median(rs.map((r) => r.peakMiB)).toFixed(0).padStart(12)} | ${faces}`
    )
    if (profile) {
      const keys = [...new Set(rs.flatMap((r) => Object.keys(r.marks)))]
      const med = keys.map((key) => [key, median(rs.map((r) => r.marks[key]).filter((v) => v !== undefined))]).sort((a, b) => a[1] - b[1])
      console.log(`${' '.repeat(51)}   ms from spawn: ${med.map(([key, v]) => `${key} ${v.toFixed(0)}`).join(', ')}`)
    }
  })
  const faceCounts = new Set(settings.flatMap((s) => results.get(s).map((r) => r.faces)))
  if (faceCounts.size > 1) console.log(`  note: frames with a face differ between settings (${[...faceCounts].join(', ')}): each frame range starts a fresh tracker`)
}
console.log(`load average after: ${load()}`)
