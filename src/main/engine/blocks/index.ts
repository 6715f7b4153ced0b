/**
 * Public surface of the engine's building blocks (import from here, not from the files).
 *
 * Conventions: NHWC tensors, HWIO conv filters ([k, k, Ci, Co]; transposed conv [k, k, Co, Ci]); a model's
 * parameters are one `ParamMap` (dotted name → tf.Variable) built from its blocks' `init(seed)` (deterministic in
 * seed and name); `apply(params, x)` is a pure function of the map, so trainers use
 * `tf.variableGrads(f, Object.values(params))` or `optimizer.minimize(f, false, Object.values(params))`.
 * conv2d/conv2dTranspose have a custom gradient that works on wasm (no Conv2DBackpropFilter kernel there).
 * Checkpoints: `getWeights(params)` → named Float32Arrays; `setWeights(params, weights)`.
 */
export { conv2d, conv2dTranspose, convFilterGrad, convOutSize, resolvePads, type ConvPad } from './conv-ops'
export {
  activate,
  conv,
  conv1x1,
  convInRelu,
  convLrelu,
  deconvInRelu,
  dense,
  instanceNormApply,
  instanceNormInit,
  residualBlock,
  sequential,
  DEFAULT_LRELU_SLOPE,
  IN_EPS,
  type Activation,
  type Block,
  type ConvSpec
} from './layers'
export {
  createParam,
  disposeParams,
  getWeights,
  initValues,
  mulberry32,
  paramCount,
  setWeights,
  type InitKind,
  type InitSpec,
  type NamedWeight,
  type NamedWeights,
  type ParamMap
} from './params'
export { refDiscriminator, refGenerator, refNets, type GOutput, type RefNets } from './reference-gd'
export { attentionLstm } from './attention-lstm'
export { gmu } from './gmu'
export { linear } from './linear'
