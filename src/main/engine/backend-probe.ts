import { spawnSync } from 'node:child_process'

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu'

export interface BackendStatus {
  readonly name: BackendName
  readonly package: string
  readonly available: boolean
  readonly reason: string
}

/** Preference order of the engine: tfjs-node-gpu > tfjs-node > wasm > cpu. */
export const BACKEND_ORDER: readonly { name: BackendName; pkg: string }[] = [
  { name: 'tensorflow-gpu', pkg: '@tensorflow/tfjs-node-gpu' },
  { name: 'tensorflow', pkg: '@tensorflow/tfjs-node' },
  { name: 'wasm', pkg: '@tensorflow/tfjs-backend-wasm' },
  { name: 'cpu', pkg: '@tensorflow/tfjs' }
]

function probeScript(name: BackendName, pkg: string): string {
  // Each probe really initialises the backend and runs one op, in a child process so that a native
  // library that fails to load (or crashes) cannot take the caller down.
  const setup =
    name === 'wasm' || name === 'cpu'
      ? `const tf = require('@tensorflow/tfjs'); require('${pkg}');`
      : `const tf = require('${pkg}');`
  return `(async () => {
  ${setup}
  const ok = await tf.setBackend('${name}');
  if (!ok) throw new Error('setBackend returned false');
  await tf.ready();
  const v = await tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).data();
  if (v[0] !== 4 || v[1] !== 6) throw new Error('wrong result ' + Array.from(v));
  process.stdout.write('OK ' + tf.version.tfjs + ' ' + tf.getBackend());
})().catch((e) => { process.stdout.write('ERR ' + (e && e.message ? e.message : String(e)).split('\\n')[0]); process.exit(0) });`
}

export function probeBackend(name: BackendName, pkg: string, cwd: string): BackendStatus {
  const r = spawnSync(process.execPath, ['-e', probeScript(name, pkg)], { cwd, encoding: 'utf8', timeout: 60_000 })
  const out = (r.stdout ?? '').trim()
  if (out.startsWith('OK ')) return { name, package: pkg, available: true, reason: `tfjs ${out.slice(3)}` }
  const err = out.startsWith('ERR ') ? out.slice(4) : (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n')[0]
  const missing = /Cannot find module/.test(err)
  return { name, package: pkg, available: false, reason: missing ? `${pkg} is not installed` : err.slice(0, 300) }
}

/** Which backends actually work here, in preference order. */
export function probeBackends(cwd: string): BackendStatus[] {
  return BACKEND_ORDER.map((b) => probeBackend(b.name, b.pkg, cwd))
}
