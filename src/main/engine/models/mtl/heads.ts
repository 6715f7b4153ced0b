/**
 * The FER and V/A heads of P003 (eq.4-8, L71-88): one FC each on the backbone feature X; the FER logits re-weighted by
 * the multi-task cross-attention whose query is the AU branch's prediction. Choices documented in config.ts.
 * Parameters: 'ex.fc.{w,b}' [F, 8], 'ex.att.{wq [12, A], wk [8, A], wv [A, 8]}' (no biases), 'va.fc.{w,b}' [F, 2],
 * 'va.bn.*'.
 */
import { linear } from '../../blocks/linear'
import { createParam, type ParamMap } from '../../blocks/params'
import type { Tensor, Tensor2D } from '../../tf'
import { getTf } from '../../tf'
import { batchNormApply, batchNormInit } from './batch-norm'
import { AU_N, EXPR_N } from './config'

function p(params: ParamMap, name: string): Tensor2D {
  const v = params[name]
  if (!v) throw new Error(`missing parameter ${name}`)
  return v as Tensor as Tensor2D
}

export function exprHeadInit(seed: number, featureDim: number, attentionDim: number, crossAttention: boolean): ParamMap {
  return {
    'ex.fc.w': createParam(seed, 'ex.fc.w', [featureDim, EXPR_N], { kind: 'glorot-uniform', fanIn: featureDim, fanOut: EXPR_N }),
    'ex.fc.b': createParam(seed, 'ex.fc.b', [EXPR_N], { kind: 'zeros' }),
    ...(crossAttention
      ? {
          'ex.att.wq': createParam(seed, 'ex.att.wq', [AU_N, attentionDim], { kind: 'glorot-uniform', fanIn: AU_N, fanOut: attentionDim }),
          'ex.att.wk': createParam(seed, 'ex.att.wk', [EXPR_N, attentionDim], { kind: 'glorot-uniform', fanIn: EXPR_N, fanOut: attentionDim }),
          'ex.att.wv': createParam(seed, 'ex.att.wv', [attentionDim, EXPR_N], { kind: 'glorot-uniform', fanIn: attentionDim, fanOut: EXPR_N })
        }
      : {})
  }
}

export interface ExprOut {
  /** ỹ_EX [B, 8]: unweighted logits (eq.5). */
  readonly raw: Tensor2D
  /** ŷ_EX [B, 8]: a ⊙ ỹ_EX (eq.8), or ỹ_EX without cross-attention — the logits of eq.11's softmax. */
  readonly logits: Tensor2D
  /** a [B, 8] (eq.7), null without cross-attention. */
  readonly attention: Tensor2D | null
}

/** FER head on features x [B, F] (data) with the AU probabilities auProb [B, 12] as the attention query. */
export function exprHeadApply(params: ParamMap, x: Tensor2D, auProb: Tensor2D | null): ExprOut {
  const tf = getTf()
  const raw = linear(x, p(params, 'ex.fc.w'), params['ex.fc.b'], false)
  if (!params['ex.att.wq']) return { raw, logits: raw, attention: null }
  if (!auProb) throw new Error('cross-attention needs the AU predictions (query)')
  // eq.6: h = W_v tanh(W_q ŷ_AU + W_k ỹ_EX); eq.7: a = softmax(h); eq.8: ŷ_EX = a ⊙ ỹ_EX.
  const h = tf.matMul(tf.tanh(tf.add(tf.matMul(auProb, p(params, 'ex.att.wq')), tf.matMul(raw, p(params, 'ex.att.wk')))), p(params, 'ex.att.wv')) as Tensor2D
  const attention = tf.softmax(h) as Tensor2D
  return { raw, logits: tf.mul(attention, raw) as Tensor2D, attention }
}

export function vaHeadInit(seed: number, featureDim: number, batchNorm: boolean): { params: ParamMap; state: ParamMap } {
  const bn = batchNorm ? batchNormInit(seed, 'va.bn', 2) : { params: {}, state: {} }
  return {
    params: {
      'va.fc.w': createParam(seed, 'va.fc.w', [featureDim, 2], { kind: 'glorot-uniform', fanIn: featureDim, fanOut: 2 }),
      'va.fc.b': createParam(seed, 'va.fc.b', [2], { kind: 'zeros' }),
      ...bn.params
    },
    state: bn.state
  }
}

/** [B, 2] = tanh(BN(W_VA X + b_VA)) (eq.4 + the BN of L71). */
export function vaHeadApply(params: ParamMap, state: ParamMap, x: Tensor2D, o: { train: boolean; updateStats: boolean; bnMomentum: number }): Tensor2D {
  const tf = getTf()
  let z = linear(x, p(params, 'va.fc.w'), params['va.fc.b'], false)
  if (params['va.bn.gamma']) z = batchNormApply(params, state, 'va.bn', z, { ...o, momentum: o.bnMomentum, axes: [0], broadcast: [1, 2] })
  return tf.tanh(z) as Tensor2D
}
