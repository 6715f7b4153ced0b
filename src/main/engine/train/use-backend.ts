/**
 * Backend choice for ANCLaF training/inference until the engine's backend.ts lands: wasm (fast; its missing
 * Conv2DBackpropFilter is covered by the custom conv gradients of models/anclaf/layers.ts) else cpu.
 * wasm is loaded with CommonJS `require` so that it registers on the one tfjs instance of getTf().
 */
import { getTf, packageFile, requireModule } from '../tf'

export type TrainBackend = 'wasm' | 'cpu'

export async function useBackend(prefer: TrainBackend = 'wasm'): Promise<TrainBackend> {
  const tf = getTf()
  if (prefer === 'wasm') {
    try {
      const wasm = requireModule<{ setWasmPaths(p: string): void }>('@tensorflow/tfjs-backend-wasm')
      wasm.setWasmPaths(packageFile('@tensorflow/tfjs-backend-wasm', 'dist/'))
      if (tf.getBackend() === 'wasm' || (await tf.setBackend('wasm'))) {
        await tf.ready()
        return 'wasm'
      }
    } catch {
      // fall back to cpu
    }
  }
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu')
  await tf.ready()
  return 'cpu'
}
