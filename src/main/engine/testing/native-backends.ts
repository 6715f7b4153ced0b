/**
 * Which tfjs-node packages this checkout has (tests that depend on the best available backend read it). tfjs-node is
 * built by scripts/tfjs-node-from-wheel.mjs where a TensorFlow wheel is on disk; elsewhere the engine runs on wasm.
 */
import { isInstalled } from '../tf'

export const HAVE_TFJS_NODE = isInstalled('@tensorflow/tfjs-node')
export const HAVE_TFJS_NODE_GPU = isInstalled('@tensorflow/tfjs-node-gpu')

/** The backend `initBackend` picks here when nothing is forced. */
export const BEST_BACKEND = HAVE_TFJS_NODE_GPU ? 'tensorflow-gpu' : HAVE_TFJS_NODE ? 'tensorflow' : 'wasm'

/** Says in a test's name why it is skipped where tfjs-node is absent. */
export const TFJS_NODE_MISSING = HAVE_TFJS_NODE ? '' : ' (SKIPPED: @tensorflow/tfjs-node is not installed; node scripts/tfjs-node-from-wheel.mjs builds it where a TensorFlow wheel is on disk)'
