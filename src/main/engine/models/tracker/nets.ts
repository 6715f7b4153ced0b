/**
 * The landmark networks: the compact residual backbone (the substitute for Inception-ResNet-v1 / SENet, see
 * config.ts), the five region heads (T:L498), the landmark estimator FLL/FLE (eq.2.7 / eq.4.13), a multi-layer
 * LSTM and the box tracker BT (eq.2.2-2.3). Functional style of blocks/layers.ts: init(seed) → ParamMap, apply.
 */
import type { Tensor, Tensor2D, Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import { conv, convInRelu, dense, residualBlock } from '../../blocks/layers'
import { createParam, type ParamMap } from '../../blocks/params'
import { backboneLevels, REGIONS, type TrackerConfig } from './config'

function union(maps: ParamMap[]): ParamMap {
  return Object.assign({}, ...maps) as ParamMap
}

/** Backbone: 5×5/s2 stem (+ 2×2 average pool) + per stage a 3×3/s2 conv and residual blocks; flatten → dense featDim (ReLU). */
export function backbone(name: string, c: TrackerConfig) {
  const ch = c.backbone.channels
  const stem = conv(`${name}.stem`, { inC: 3, outC: ch[0], k: 5, stride: 2, pad: 'same', act: 'relu' })
  const stages = ch.slice(1).map((outC, i) => ({
    down: convInRelu(`${name}.s${i + 1}.down`, { inC: ch[i], outC, k: 3, stride: 2, pad: 'same' }),
    res: Array.from({ length: c.backbone.blocksPerStage }, (_, j) => residualBlock(`${name}.s${i + 1}.r${j}`, { channels: outC, convs: 2 }))
  }))
  const side = c.inputSize / 2 ** backboneLevels(c.backbone)
  const flat = side * side * ch[ch.length - 1]
  const fc = dense(`${name}.fc`, { inF: flat, outF: c.backbone.featDim, act: 'relu' })
  return {
    init: (seed: number): ParamMap => union([stem.init(seed), ...stages.flatMap((s) => [s.down.init(seed), ...s.res.map((r) => r.init(seed))]), fc.init(seed)]),
    apply: (p: ParamMap, x: Tensor4D): Tensor2D => {
      const tf = getTf()
      let h = stem.apply(p, x)
      if (c.backbone.stemPool) h = tf.avgPool(h, 2, 2, 'valid')
      for (const s of stages) h = s.res.reduce((a, r) => r.apply(p, a), s.down.apply(p, h))
      return fc.apply(p, tf.reshape(h, [h.shape[0], flat]) as Tensor2D)
    }
  }
}

/** Five independent FC heads, one per facial region, concatenated back into iBUG order: [N, 136]. */
export function regionHeads(name: string, inF: number) {
  const heads = REGIONS.map((r) => dense(`${name}.${r.name}`, { inF, outF: 2 * (r.to - r.from) }))
  return {
    init: (seed: number): ParamMap => union(heads.map((h) => h.init(seed))),
    apply: (p: ParamMap, f: Tensor2D): Tensor2D => getTf().concat(heads.map((h) => h.apply(p, f)), 1) as Tensor2D
  }
}

/** Landmark estimator (FLL eq.2.7 / FLE eq.4.13): backbone → region heads, crop-normalised points [N, 136]. */
export function estimator(name: string, c: TrackerConfig) {
  const bb = backbone(`${name}.bb`, c)
  const heads = regionHeads(`${name}.head`, c.backbone.featDim)
  return {
    backbone: bb,
    init: (seed: number): ParamMap => ({ ...bb.init(seed), ...heads.init(seed) }),
    apply: (p: ParamMap, x: Tensor4D): Tensor2D => heads.apply(p, bb.apply(p, x))
  }
}

export interface LstmState {
  readonly h: Tensor2D[]
  readonly c: Tensor2D[]
}

/** Stacked LSTM (≥ 2 layers, T:L1008): W [in + hidden, 4·hidden] (gates i, f, g, o), forget-gate bias 1. */
export function stackedLstm(name: string, inF: number, layers: number, hidden: number) {
  return {
    init: (seed: number): ParamMap => {
      const out: ParamMap = {}
      for (let l = 0; l < layers; l++) {
        const fanIn = (l === 0 ? inF : hidden) + hidden
        out[`${name}.l${l}.w`] = createParam(seed, `${name}.l${l}.w`, [fanIn, 4 * hidden], { kind: 'glorot-uniform', fanIn, fanOut: 4 * hidden })
        out[`${name}.l${l}.b`] = createParam(seed, `${name}.l${l}.b`, [4 * hidden], { kind: 'zeros' })
      }
      return out
    },
    zeroState: (n: number): LstmState => {
      const tf = getTf()
      return { h: Array.from({ length: layers }, () => tf.zeros([n, hidden]) as Tensor2D), c: Array.from({ length: layers }, () => tf.zeros([n, hidden]) as Tensor2D) }
    },
    step: (p: ParamMap, x: Tensor2D, s: LstmState): { y: Tensor2D; state: LstmState } => {
      const tf = getTf()
      const hs: Tensor2D[] = []
      const cs: Tensor2D[] = []
      let inp = x
      const fb = tf.concat([tf.zeros([hidden]), tf.ones([hidden]), tf.zeros([2 * hidden])])
      for (let l = 0; l < layers; l++) {
        const z = tf.add(tf.add(tf.matMul(tf.concat([inp, s.h[l]], 1), p[`${name}.l${l}.w`] as Tensor2D), p[`${name}.l${l}.b`]), fb) as Tensor2D
        const [i, f, g, o] = tf.split(z, 4, 1) as Tensor2D[]
        const cn = tf.add(tf.mul(tf.sigmoid(f), s.c[l]), tf.mul(tf.sigmoid(i), tf.tanh(g))) as Tensor2D
        const hn = tf.mul(tf.sigmoid(o), tf.tanh(cn)) as Tensor2D
        hs.push(hn)
        cs.push(cn)
        inp = hn
      }
      return { y: inp, state: { h: hs, c: cs } }
    }
  }
}

export function disposeLstmState(s: LstmState | null): void {
  if (s) getTf().dispose([...s.h, ...s.c] as Tensor[])
}

/**
 * Box tracker BT (eq.2.2-2.3): backbone on X_t^{Pb} and X_{t−1}^{Pb} (shared weights, one batched pass) → EL =
 * [res(X_t); res(X_{t−1})]·W^EL (ReLU) → stacked LSTM → region heads. Returns points [N, 136] and the new state.
 */
export function boxTracker(name: string, c: TrackerConfig) {
  const bb = backbone(`${name}.bb`, c)
  const el = dense(`${name}.el`, { inF: 2 * c.backbone.featDim, outF: c.embedDim, act: 'relu' })
  const lstm = stackedLstm(`${name}.lstm`, c.embedDim, c.lstm.layers, c.lstm.hidden)
  const heads = regionHeads(`${name}.head`, c.lstm.hidden)
  return {
    backbone: bb,
    lstm,
    init: (seed: number): ParamMap => ({ ...bb.init(seed), ...el.init(seed), ...lstm.init(seed), ...heads.init(seed) }),
    step: (p: ParamMap, xt: Tensor4D, xPrev: Tensor4D, s: LstmState): { points: Tensor2D; state: LstmState } => {
      const tf = getTf()
      const n = xt.shape[0]
      const f = bb.apply(p, tf.concat([xt, xPrev], 0) as Tensor4D)
      const emb = el.apply(p, tf.concat([tf.slice(f, [0, 0], [n, -1]), tf.slice(f, [n, 0], [n, -1])], 1) as Tensor2D)
      const { y, state } = lstm.step(p, emb, s)
      return { points: heads.apply(p, y), state }
    }
  }
}
