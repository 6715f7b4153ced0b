/**
 * The AU branch of P003 (eq.1-3, L52-64): ANFL after Luo et al. [14] — per-AU node features, a facial graph from
 * dot-product edges pruned to each node's k nearest neighbours, one GCN layer, and AU probabilities as the cosine
 * similarity of each node with a learned vector s_i. Choices documented in config.ts.
 * Parameters: 'anfl.node.{w,b}' (the 12 per-AU FCs as one [F, 12·D] matrix: column block i = W_i), 'anfl.gcn.{u,v}.{w,b}',
 * 'anfl.gcn.bn.*', 'anfl.s' [12, D].
 */
import type { Tensor3D } from '@tensorflow/tfjs'
import type * as TfNs from '@tensorflow/tfjs'
import { linear } from '../../blocks/linear'
import { createParam, type ParamMap } from '../../blocks/params'
import type { Tensor, Tensor2D } from '../../tf'
import { getTf } from '../../tf'
import { batchNormApply, batchNormInit } from './batch-norm'
import { AU_N } from './config'

type AnyGradFunc = Parameters<typeof TfNs.customGrad>[0]

export interface AnflSpec {
  readonly featureDim: number
  readonly nodeDim: number
  readonly neighbours: number
  readonly gcnBatchNorm: boolean
}

export function anflInit(seed: number, s: AnflSpec): { params: ParamMap; state: ParamMap } {
  const { featureDim: F, nodeDim: D } = s
  const bn = s.gcnBatchNorm ? batchNormInit(seed, 'anfl.gcn.bn', AU_N) : { params: {}, state: {} }
  return {
    params: {
      'anfl.node.w': createParam(seed, 'anfl.node.w', [F, AU_N * D], { kind: 'he-normal', fanIn: F }),
      'anfl.node.b': createParam(seed, 'anfl.node.b', [AU_N * D], { kind: 'zeros' }),
      'anfl.gcn.u.w': createParam(seed, 'anfl.gcn.u.w', [D, D], { kind: 'he-normal', fanIn: D }),
      'anfl.gcn.u.b': createParam(seed, 'anfl.gcn.u.b', [D], { kind: 'zeros' }),
      'anfl.gcn.v.w': createParam(seed, 'anfl.gcn.v.w', [D, D], { kind: 'he-normal', fanIn: D }),
      'anfl.gcn.v.b': createParam(seed, 'anfl.gcn.v.b', [D], { kind: 'zeros' }),
      'anfl.s': createParam(seed, 'anfl.s', [AU_N, D], { kind: 'glorot-uniform', fanIn: D, fanOut: AU_N }),
      ...bn.params
    },
    state: bn.state
  }
}

function p(params: ParamMap, name: string): Tensor {
  const v = params[name]
  if (!v) throw new Error(`missing parameter ${name}`)
  return v
}

/**
 * The FGG graph of node features v [B, N, D]: edge weight v_i·v_j, each row keeps its k largest (ties at the k-th
 * value kept too), `adj` = that binary graph [B, N, N] and `norm` = D^−½ A D^−½ (D = row degrees), [14]'s
 * normalize_digraph. No gradient (see `knnNormalised`).
 */
export function knnGraph(v: Tensor3D, k: number): { adj: Tensor3D; norm: Tensor3D } {
  const tf = getTf()
  return tf.tidy(() => {
    const sim = tf.matMul(v, v, false, true) as Tensor3D
    const kth = tf.slice(tf.topk(sim, k).values, [0, 0, k - 1], [-1, -1, 1])
    const adj = tf.cast(tf.greaterEqual(sim, kth), 'float32') as Tensor3D
    const dinv = tf.rsqrt(tf.sum(adj, -1)) // ≥ k ≥ 1 per row
    const norm = tf.mul(tf.mul(adj, tf.expandDims(dinv, 2)), tf.expandDims(dinv, 1)) as Tensor3D
    return { adj, norm }
  })
}

/** `knnGraph(v).norm` as an op with a zero gradient: the topology is selected from v, not differentiated through. */
export function knnNormalised(v: Tensor3D, k: number): Tensor3D {
  const tf = getTf()
  const f = tf.customGrad(((x: Tensor) => {
    const g = knnGraph(x as Tensor3D, k)
    g.adj.dispose()
    const shape = x.shape
    return { value: g.norm, gradFunc: () => [tf.zeros(shape)] }
  }) as unknown as AnyGradFunc)
  return f(v) as Tensor3D
}

export interface AnflOptions {
  /** BN of the GCN uses batch statistics (training this branch) or running ones (inference, frozen branch). */
  readonly train: boolean
  readonly updateStats: boolean
  readonly bnMomentum: number
}

export interface AnflOut {
  /** [B, 12] AU probabilities ŷ_AU (eq.3). */
  readonly prob: Tensor2D
  /** [B, 12, D] node features after the GCN. */
  readonly nodes: Tensor3D
}

/** The AU branch on features x [B, F] (data: no gradient to x). */
export function anflApply(params: ParamMap, state: ParamMap, s: AnflSpec, x: Tensor2D, o: AnflOptions): AnflOut {
  const tf = getTf()
  const B = x.shape[0]
  const D = s.nodeDim
  const flat = (t: Tensor) => tf.reshape(t, [B * AU_N, D]) as Tensor2D
  // eq.1: v_i = ReLU(W_i X + b_i), all 12 FCs in one product.
  const v = tf.reshape(tf.relu(linear(x, p(params, 'anfl.node.w') as Tensor2D, p(params, 'anfl.node.b'), false)), [B, AU_N, D]) as Tensor3D
  // FGG (eq.2): kNN graph of dot-product edges → one GCN layer v' = ReLU(v + BN(Â V(v) + U(v))).
  const A = knnNormalised(v, s.neighbours)
  const Vv = tf.reshape(linear(flat(v), p(params, 'anfl.gcn.v.w') as Tensor2D, p(params, 'anfl.gcn.v.b')), [B, AU_N, D]) as Tensor3D
  const Uv = tf.reshape(linear(flat(v), p(params, 'anfl.gcn.u.w') as Tensor2D, p(params, 'anfl.gcn.u.b')), [B, AU_N, D])
  let agg = tf.add(tf.matMul(A, Vv), Uv) as Tensor3D
  if (s.gcnBatchNorm) agg = batchNormApply(params, state, 'anfl.gcn.bn', agg, { train: o.train, updateStats: o.updateStats, momentum: o.bnMomentum, axes: [0, 2], broadcast: [1, AU_N, 1] })
  const nodes = tf.relu(tf.add(v, agg)) as Tensor3D
  // eq.3: cosine(ReLU(v_i^FGG), ReLU(s_i)) ∈ [0, 1].
  const sv = tf.relu(p(params, 'anfl.s'))
  const dot = tf.sum(tf.mul(nodes, tf.expandDims(sv, 0)), -1)
  const eps = 1e-8
  const nn = tf.sqrt(tf.add(tf.sum(tf.square(nodes), -1), eps))
  const ns = tf.sqrt(tf.add(tf.sum(tf.square(sv), -1), eps))
  const prob = tf.clipByValue(tf.div(dot, tf.mul(nn, tf.expandDims(ns, 0))), 0, 1) as Tensor2D
  return { prob, nodes }
}

/** The FGG's binary kNN graph [B, 12, 12] of features x (row i: the AUs node i keeps as neighbours). */
export function anflAdjacency(params: ParamMap, s: AnflSpec, x: Tensor2D): Tensor3D {
  const tf = getTf()
  return tf.tidy(() => {
    const B = x.shape[0]
    const v = tf.reshape(tf.relu(linear(x, p(params, 'anfl.node.w') as Tensor2D, p(params, 'anfl.node.b'), false)), [B, AU_N, s.nodeDim]) as Tensor3D
    const g = knnGraph(v, s.neighbours)
    return g.adj
  })
}
