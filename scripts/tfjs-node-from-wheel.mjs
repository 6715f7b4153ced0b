// Installs @tensorflow/tfjs-node (the engine's native CPU backend) on a machine where its install script cannot
// download libtensorflow and the prebuilt addon (storage.googleapis.com is unreachable) but a TensorFlow CPU wheel
// is on disk: the wheel's libtensorflow_cc / libtensorflow_framework carry the same TensorFlow C API that tfjs-node
// binds to, so the addon is compiled here (node-gyp, local Node headers) against the wheel's headers and libraries.
//   node scripts/tfjs-node-from-wheel.mjs [--wheel PATH] [--force]
// The wheel: --wheel, else $CIRCUMPLEX_TF_WHEEL, else the newest /opt/pypi/files/tensorflow_cpu-*.whl. No wheel, no
// Node headers or a failed build: it says why and exits 0 — the engine then runs on wasm, as before. Runs from
// `postinstall`; a second run with a working install does nothing. Where tfjs-node installs the normal way
// (`npm install @tensorflow/tfjs-node`), that install is kept. Nothing here touches package.json or the lockfile:
// the package lands in node_modules/@tensorflow/tfjs-node (npm may prune it as extraneous; the next postinstall puts
// it back from the cache in .cache/tfjs-node, about 15 s).
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const argv = process.argv.slice(2)
const force = argv.includes('--force')
const say = (m) => console.log(`tfjs-node: ${m}`)
const giveUp = (m) => {
  say(`${m} — the engine uses its WebAssembly backend`)
  process.exit(0)
}
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts })
  if (r.status !== 0) throw new Error(`${basename(cmd)} ${args.slice(0, 3).join(' ')} failed (${r.status}): ${(r.stderr || r.stdout || String(r.error ?? '')).trim().split('\n').slice(-4).join(' | ')}`)
  return r.stdout
}

const pkgDir = join(root, 'node_modules', '@tensorflow', 'tfjs-node')
const tfjsPkg = join(root, 'node_modules', '@tensorflow', 'tfjs', 'package.json')
if (!existsSync(tfjsPkg)) giveUp('@tensorflow/tfjs is not installed yet (run npm install first)')
const version = JSON.parse(readFileSync(tfjsPkg, 'utf8')).version

/** Loads tfjs-node in a child process and runs one op: the only proof that the install works. */
function smoke() {
  const code = `const tf = require('@tensorflow/tfjs-node'); const v = tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync(); if (tf.getBackend() !== 'tensorflow' || v[0] !== 3) throw new Error('wrong result'); console.log(tf.version['tfjs-core'] + ' on TensorFlow ' + tf.backend().binding.TF_Version)`
  const r = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } })
  return r.status === 0 ? { ok: true, text: r.stdout.trim() } : { ok: false, text: (r.stderr || '').trim().split('\n').slice(-2).join(' | ') }
}

if (existsSync(pkgDir) && !force) {
  const s = smoke()
  if (s.ok) {
    say(`already installed and working (tfjs ${s.text})`)
    process.exit(0)
  }
}

function findWheel() {
  const i = argv.indexOf('--wheel')
  if (i >= 0 && argv[i + 1]) return argv[i + 1]
  if (process.env.CIRCUMPLEX_TF_WHEEL) return process.env.CIRCUMPLEX_TF_WHEEL
  const dir = '/opt/pypi/files'
  if (!existsSync(dir)) return null
  const wheels = readdirSync(dir).filter((f) => /^tensorflow_cpu-\d[\w.]*-cp\d+-cp\d+-manylinux[\w.]*_x86_64\.whl$/.test(f)).sort()
  return wheels.length ? join(dir, wheels[wheels.length - 1]) : null
}

if (process.platform !== 'linux' || process.arch !== 'x64') giveUp(`building from a wheel is done for linux x64 only (this is ${process.platform} ${process.arch})`)
const wheel = findWheel()
if (!wheel) giveUp('no TensorFlow CPU wheel on disk (set CIRCUMPLEX_TF_WHEEL to one)')
if (!existsSync(wheel)) giveUp(`no TensorFlow CPU wheel at ${wheel}`)
const nodeDir = [process.env.npm_config_nodedir, resolve(dirname(process.execPath), '..')].find((d) => d && existsSync(join(d, 'include', 'node', 'node_api.h')))
if (!nodeDir) giveUp('no local Node headers (include/node/node_api.h) to build the addon with')
const gyp = [join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')].find(existsSync)
if (!gyp) giveUp("npm's node-gyp was not found")

let work = null // the scratch folder of the npm package; removed on success and on failure
try {
  const t0 = Date.now()
  // 1. The wheel's libraries and the few C headers the binding includes, unpacked once per wheel.
  const cache = join(root, '.cache', 'tfjs-node', basename(wheel, '.whl'))
  const lib = join(cache, 'tensorflow')
  if (!existsSync(join(cache, 'done'))) {
    say(`unpacking ${basename(wheel)}`)
    rmSync(cache, { recursive: true, force: true })
    mkdirSync(cache, { recursive: true })
    const py = `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
want = lambda n: n in ('tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2') or any(n.startswith(p) for p in (
  'tensorflow/include/tensorflow/c/', 'tensorflow/include/tensorflow/core/platform/ctstring', 'tensorflow/include/tsl/platform/ctstring', 'tensorflow/include/xla/tsl/c/'))
for n in z.namelist():
  if want(n): z.extract(n, sys.argv[2])`
    try {
      run('python3', ['-c', py, wheel, cache])
    } catch (e) {
      rmSync(cache, { recursive: true, force: true })
      throw e
    }
    writeFileSync(join(cache, 'done'), `${wheel}\n`)
  }
  // 2. The npm package of the same version as @tensorflow/tfjs (its install script is not run: it would download).
  work = mkdtempSync(join(tmpdir(), 'cx-tfjs-node-'))
  run('npm', ['pack', `@tensorflow/tfjs-node@${version}`, '--silent', '--pack-destination', work], { cwd: work })
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'))
  if (!tgz) throw new Error('npm pack wrote no tarball')
  run('tar', ['xzf', join(work, tgz), '-C', work])
  const pkg = join(work, 'package')
  // 3. Its runtime dependencies, except @tensorflow/tfjs: that must stay the app's one instance (engine/tf.ts).
  const meta = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'))
  const deps = ['@mapbox/node-pre-gyp', 'google-protobuf'].map((d) => `${d}@${meta.dependencies[d]}`)
  const depDir = join(work, 'deps-install')
  mkdirSync(depDir)
  writeFileSync(join(depDir, 'package.json'), '{"name":"cx-tfjs-node-deps","private":true}\n')
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--silent', ...deps], { cwd: depDir })
  renameSync(join(depDir, 'node_modules'), join(pkg, 'node_modules'))
  rmSync(join(pkg, 'node_modules', '@tensorflow'), { recursive: true, force: true })
  // 4. deps/ as tfjs-node's binding.gyp expects it, pointing into the cache (the addon's rpath is $ORIGIN/../../deps/lib).
  mkdirSync(join(pkg, 'deps', 'lib'), { recursive: true })
  symlinkSync(join(lib, 'include'), join(pkg, 'deps', 'include'))
  for (const [name, target] of [['libtensorflow.so', 'libtensorflow_cc.so.2'], ['libtensorflow_cc.so.2', 'libtensorflow_cc.so.2'], ['libtensorflow_framework.so', 'libtensorflow_framework.so.2'], ['libtensorflow_framework.so.2', 'libtensorflow_framework.so.2']]) {
    symlinkSync(join(lib, target), join(pkg, 'deps', 'lib', name))
  }
  // 5. The addon, for the highest N-API version the package lists (what node-pre-gyp looks up at load time).
  const napi = Math.max(...meta.binary.napi_versions.filter((v) => v <= Number(process.versions.napi)))
  say(`building the addon (N-API ${napi}) against TensorFlow from ${basename(wheel)}`)
  run(process.execPath, [gyp, 'rebuild', `--nodedir=${nodeDir}`, '-j', '2', `--napi_build_version=${napi}`, '--module_name=tfjs_binding', `--module_path=lib/napi-v${napi}`], { cwd: pkg })
  mkdirSync(join(pkg, 'lib', `napi-v${napi}`), { recursive: true })
  cpSync(join(pkg, 'build', 'Release', 'tfjs_binding.node'), join(pkg, 'lib', `napi-v${napi}`, 'tfjs_binding.node'))
  rmSync(join(pkg, 'build'), { recursive: true, force: true })
  // 6. In place, then proven by loading it.
  rmSync(pkgDir, { recursive: true, force: true })
  mkdirSync(dirname(pkgDir), { recursive: true })
  cpSync(pkg, pkgDir, { recursive: true, verbatimSymlinks: true })
  rmSync(work, { recursive: true, force: true })
  work = null
  const s = smoke()
  if (!s.ok) {
    rmSync(pkgDir, { recursive: true, force: true })
    giveUp(`the built addon does not load (${s.text}); removed it`)
  }
  say(`installed in ${((Date.now() - t0) / 1000).toFixed(0)} s: tfjs ${s.text}`)
} catch (e) {
  if (work) rmSync(work, { recursive: true, force: true })
  giveUp(`could not be built here: ${e instanceof Error ? e.message : String(e)}`)
}
