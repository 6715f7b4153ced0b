/**
 * The attention LSTM's recurrence (same equations as attention-lstm.ts, which documents them) as ONE custom-gradient
 * op with a hand-written backward pass through time. Why: tfjs' tape differentiates every per-step matMul with
 * matMul(…, transposeA/B) — a slow non-XNNPACK path on wasm — and computes each weight gradient step by step with
 * K = batch. Here the backward loop only propagates state gradients (a · Wᵀ computed as (W · aᵀ)ᵀ with plain
 * matMuls, transposing only the small activations), and every weight gradient is one matMul over all steps
 * (K = batch × T) at the end. attention-lstm.test.ts checks values and all gradients against the autodiff version.
 *
 * Output: one packed tensor [B, T, H + L] = [h_t ; attention row t] (L = T − 1 with attention, else 0), so that
 * the attention weights are an output with a gradient like h.
 */
import type * as TfNs from '@tensorflow/tfjs'
import type { Tensor3D } from '@tensorflow/tfjs'
import type { Tensor, Tensor2D } from '../tf'
import { getTf } from '../tf'
import { maskedSoftmax } from './attention-lstm-math'
import { matMulByTransposed } from './linear'

type AnyGradFunc = Parameters<typeof TfNs.customGrad>[0]

export interface FusedSpec {
  readonly hidden: number
  readonly attDim: number
  readonly attention: boolean
  readonly contextNorm: 'mean' | 'paper-over-n'
}

/** Weights of the recurrence (the input projection is done before). Attention ones only with `attention`. */
export interface FusedWeights {
  readonly wh: Tensor2D
  readonly wc?: Tensor2D
  readonly wq?: Tensor2D
  readonly wk?: Tensor2D
  readonly ba?: Tensor
  readonly v?: Tensor
}

/**
 * Recurrence over projected, zero-filled inputs xw [B, T, 4H] with mask [B, T] (1 present). Returns the packed
 * [B, T, H + L] tensor described above.
 */
export function fusedRecurrence(spec: FusedSpec, xw: Tensor3D, mask: Tensor2D, w: FusedWeights): Tensor3D {
  const tf = getTf()
  const { hidden: H, attDim: A, attention: att } = spec
  const paper = spec.contextNorm === 'paper-over-n'
  const [B, T] = xw.shape
  const L = att && T > 1 ? T - 1 : 0
  const weights: Tensor[] = att ? [w.wh, w.wc!, w.wq!, w.wk!, w.ba!, w.v!] : [w.wh]
  const sl2 = (x: Tensor, from: number, size: number) => tf.slice(x, [0, from], [B, size]) as Tensor2D
  const padTo = (x: Tensor, len: number, axis: 1) => (x.shape[axis] === len ? x : tf.pad(x, x.rank === 2 ? [[0, 0], [0, len - (x.shape[1] as number)]] : [[0, 0], [0, len - (x.shape[1] as number)], [0, 0]]))

  const f = tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as (ts: Tensor[]) => void
    const [xwi, whi, wci, wqi, wki, bai, vi] = args.slice(0, -1) as Tensor[]
    const steps = tf.unstack(xwi, 1) as Tensor2D[]
    const ms = tf.unstack(tf.reshape(mask, [B, T, 1]), 1) as Tensor2D[]
    let h = tf.zeros([B, H]) as Tensor2D
    let c = tf.zeros([B, H]) as Tensor2D
    const Hs: Tensor2D[] = []
    const Cs: Tensor2D[] = []
    const acts: Tensor2D[] = []
    const tcs: Tensor2D[] = []
    const ctxs: Tensor2D[] = []
    const Us: Tensor[] = []
    const rows: Tensor2D[] = []
    const states: Tensor2D[] = []
    const keys: Tensor2D[] = []
    for (let t = 0; t < T; t++) {
      const hp = h
      const cp = c
      let g = tf.add(steps[t], tf.matMul(hp, whi as Tensor2D)) as Tensor2D
      if (att) {
        let ctx = tf.zeros([B, 2 * H]) as Tensor2D
        if (t >= 1) {
          const q = tf.add(tf.matMul(tf.concat([hp, cp], 1) as Tensor2D, wqi as Tensor2D), bai)
          const U = tf.tanh(tf.add(tf.stack(keys, 1), tf.expandDims(q, 1)))
          const wt = maskedSoftmax(tf.sum(tf.mul(U, vi), 2) as Tensor2D, sl2(mask, 0, t))
          ctx = tf.reshape(tf.matMul(tf.expandDims(wt, 1) as Tensor3D, tf.stack(states, 1) as Tensor3D), [B, 2 * H]) as Tensor2D
          if (paper) ctx = tf.div(ctx, tf.maximum(tf.sum(sl2(mask, 0, t), 1, true), 1)) as Tensor2D
          Us.push(U)
          if (L) rows.push(padTo(wt, L, 1) as Tensor2D)
        } else if (L) rows.push(tf.zeros([B, L]) as Tensor2D)
        ctxs.push(ctx)
        g = tf.add(g, tf.matMul(ctx, wci as Tensor2D)) as Tensor2D
      }
      const [gi, gf, gg, go] = tf.split(g, 4, 1)
      const ig = tf.sigmoid(gi)
      const fg = tf.sigmoid(gf)
      const gt = tf.tanh(gg)
      const og = tf.sigmoid(go)
      const cn = tf.add(tf.mul(fg, cp), tf.mul(ig, gt))
      const tc = tf.tanh(cn)
      const m = ms[t]
      const keep = tf.sub(1, m)
      c = tf.add(tf.mul(m, cn), tf.mul(keep, cp)) as Tensor2D
      h = tf.add(tf.mul(m, tf.mul(og, tc)), tf.mul(keep, hp)) as Tensor2D
      Hs.push(h)
      Cs.push(c)
      acts.push(tf.concat([ig, fg, gt, og], 1) as Tensor2D)
      tcs.push(tc as Tensor2D)
      if (att && t < T - 1) {
        const S = tf.concat([h, c], 1) as Tensor2D
        states.push(S)
        keys.push(tf.matMul(S, wki as Tensor2D))
      }
    }
    const Hall = tf.stack(Hs, 1)
    const Att = L ? tf.stack(rows, 1) : null
    save([mask, Hall, tf.stack(Cs, 1), tf.stack(acts, 1), tf.stack(tcs, 1), ...(att ? [tf.stack(ctxs, 1)] : []), ...(Att ? [Att] : []), ...Us, ...weights])
    return {
      value: Att ? tf.concat([Hall, Att], 2) : Hall,
      gradFunc: (dy: Tensor, saved: Tensor[]) => backward(dy, saved)
    }
  }) as unknown as AnyGradFunc)

  const backward = (dy: Tensor, saved: Tensor[]): Tensor[] => {
    let k = 0
    const next = () => saved[k++]
    const m2 = next() as Tensor2D
    const Hall = next()
    const Call = next()
    const ACT = next()
    const TC = next()
    const CTX = att ? next() : null
    const Att = L ? next() : null
    const Us = att ? Array.from({ length: T - 1 }, () => next()) : []
    const [wh, wc, wq, wk, , v] = Array.from({ length: weights.length }, () => next()) as Tensor2D[]
    const dHout = L ? tf.slice(dy, [0, 0, 0], [B, T, H]) : dy
    const dAtts = L ? (tf.unstack(tf.slice(dy, [0, 0, H], [B, T, L]), 1) as Tensor2D[]) : []
    const dHs = tf.unstack(dHout, 1) as Tensor2D[]
    const Hs = tf.unstack(Hall, 1) as Tensor2D[]
    const Cs = tf.unstack(Call, 1) as Tensor2D[]
    const acts = tf.unstack(ACT, 1) as Tensor2D[]
    const tcs = tf.unstack(TC, 1) as Tensor2D[]
    const ms = tf.unstack(tf.reshape(m2, [B, T, 1]), 1) as Tensor2D[]
    const rows = Att ? (tf.unstack(Att, 1) as Tensor2D[]) : []
    // a · Wᵀ as (W · aᵀ)ᵀ: transposing the small activations is much cheaper than the weights on wasm.
    const byT = (a: Tensor, wt: Tensor) => matMulByTransposed(a as Tensor2D, wt as Tensor2D)
    const S = L ? (tf.stack(Hs.slice(0, L).map((hj, j) => tf.concat([hj, Cs[j]], 1)), 1) as Tensor3D) : null // [B, L, 2H]
    let dSctx = L ? tf.zeros([B, L, 2 * H]) : null
    let dK = L ? tf.zeros([B, L, A]) : null
    let dv: Tensor = tf.zeros([A])
    const DG: Tensor[] = new Array<Tensor>(T)
    const DQ: Tensor[] = []
    let dhn: Tensor = tf.zeros([B, H])
    let dcn: Tensor = tf.zeros([B, H])
    const zeros = tf.zeros([B, H])
    for (let t = T - 1; t >= 0; t--) {
      let dh: Tensor = tf.add(dHs[t], dhn)
      let dc: Tensor = dcn
      if (S && dSctx && dK && t < T - 1) {
        const dS = tf.add(tf.reshape(tf.slice(dSctx, [0, t, 0], [B, 1, 2 * H]), [B, 2 * H]), byT(tf.reshape(tf.slice(dK, [0, t, 0], [B, 1, A]), [B, A]), wk))
        dh = tf.add(dh, sl2(dS, 0, H))
        dc = tf.add(dc, sl2(dS, H, H))
      }
      const m = ms[t]
      const keep = tf.sub(1, m)
      const [ig, fg, gt, og] = tf.split(acts[t], 4, 1)
      const tc = tcs[t]
      const cp = t > 0 ? Cs[t - 1] : zeros
      const dht = tf.mul(m, dh)
      const dog = tf.mul(dht, tc)
      const dct = tf.add(tf.mul(m, dc), tf.mul(tf.mul(dht, og), tf.sub(1, tf.square(tc))))
      const dG = tf.concat(
        [
          tf.mul(tf.mul(dct, gt), tf.mul(ig, tf.sub(1, ig))),
          tf.mul(tf.mul(dct, cp), tf.mul(fg, tf.sub(1, fg))),
          tf.mul(tf.mul(dct, ig), tf.sub(1, tf.square(gt))),
          tf.mul(dog, tf.mul(og, tf.sub(1, og)))
        ],
        1
      ) as Tensor2D
      DG[t] = dG
      let dhp: Tensor = tf.add(byT(dG, wh), tf.mul(keep, dh))
      let dcp: Tensor = tf.add(tf.mul(dct, fg), tf.mul(keep, dc))
      if (S && dSctx && dK && t >= 1) {
        const dctx = byT(dG, wc)
        const draw = paper ? tf.div(dctx, tf.maximum(tf.sum(sl2(m2, 0, t), 1, true), 1)) : dctx
        const St = tf.slice(S, [0, 0, 0], [B, t, 2 * H]) as Tensor3D
        const wt = sl2(rows[t], 0, t)
        const dw = tf.add(tf.reshape(tf.matMul(St, tf.reshape(draw, [B, 2 * H, 1]) as Tensor3D), [B, t]), sl2(dAtts[t], 0, t))
        dSctx = tf.add(dSctx, padTo(tf.mul(tf.expandDims(wt, 2), tf.expandDims(draw, 1)), L, 1))
        const de = tf.mul(wt, tf.sub(dw, tf.sum(tf.mul(wt, dw), 1, true)))
        const U = Us[t - 1]
        const dpre = tf.mul(tf.mul(tf.expandDims(de, 2), v), tf.sub(1, tf.square(U)))
        dK = tf.add(dK, padTo(dpre, L, 1))
        dv = tf.add(dv, tf.sum(tf.mul(tf.expandDims(de, 2), U), [0, 1]))
        const dq = tf.sum(dpre, 1)
        DQ.push(dq)
        const dSp = byT(dq, wq)
        dhp = tf.add(dhp, sl2(dSp, 0, H))
        dcp = tf.add(dcp, sl2(dSp, H, H))
      }
      dhn = dhp
      dcn = dcp
    }
    const DGall = tf.stack(DG, 1)
    const flatDG = tf.reshape(DGall, [B * T, 4 * H]) as Tensor2D
    const Hp = (T > 1 ? tf.reshape(tf.concat([tf.zeros([B, 1, H]), tf.slice(Hall, [0, 0, 0], [B, T - 1, H])], 1), [B * T, H]) : tf.zeros([B, H])) as Tensor2D
    const grads: Tensor[] = [DGall, tf.matMul(tf.transpose(Hp), flatDG)]
    if (att && CTX) {
      grads.push(tf.matMul(tf.transpose(tf.reshape(CTX, [B * T, 2 * H]) as Tensor2D), flatDG))
      if (S && dK && DQ.length) {
        const Sflat = tf.transpose(tf.reshape(S, [B * L, 2 * H]) as Tensor2D)
        const DQall = tf.reshape(tf.stack(DQ.reverse(), 1), [B * L, A]) as Tensor2D
        grads.push(tf.matMul(Sflat, DQall), tf.matMul(Sflat, tf.reshape(dK, [B * L, A]) as Tensor2D), tf.sum(DQall, 0), dv)
      } else grads.push(tf.zerosLike(wq), tf.zerosLike(wk), tf.zeros([A]), dv)
    }
    return grads
  }

  return f(xw, ...weights) as Tensor3D
}
