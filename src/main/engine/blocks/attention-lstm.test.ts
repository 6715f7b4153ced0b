/**
 * The attention LSTM on wasm: batch items never mix (permutation + independence, exact), attention weights are a
 * distribution over the valid previous states only, masked frames cannot leak (NaN inputs at masked steps change
 * nothing), a session-start window equals a left-padded full window, gradients reach every parameter, no tensor
 * leaks.
 */
import type { Scalar, Tensor3D } from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../backend'
import { getTf, type Tensor2D } from '../tf'
import { attentionLstm, maskedSoftmax } from './attention-lstm'
import { disposeParams } from './params'

const tf = getTf()
const B = 5
const T = 6
const F = 7
const H = 8

function inputs(seed = 1): { x: Tensor3D; mask: Tensor2D } {
  const x = tf.randomNormal([B, T, F], 0, 1, 'float32', seed) as Tensor3D
  // item 1 misses frames 2 and 4, item 3 misses frame 0, item 4 misses the last frame.
  const m = Array.from({ length: B * T }, (_, k) => ((k === 1 * T + 2 || k === 1 * T + 4 || k === 3 * T || k === 4 * T + 5) ? 0 : 1))
  return { x, mask: tf.tensor2d(m, [B, T]) }
}

const rowsOf = (t: { arraySync(): unknown }) => t.arraySync() as number[][][]

describe('attention LSTM (concat score) on wasm', () => {
  beforeAll(async () => {
    await initBackend({ force: 'wasm' })
  })

  it('permuting batch items permutes outputs and attention exactly; an item does not affect another', () => {
    const cell = attentionLstm('lstm', { inF: F, hidden: H, attention: true })
    const p = cell.init(3)
    const { x, mask } = inputs()
    const perm = [3, 0, 4, 1, 2]
    const permIdx = tf.tensor1d(perm, 'int32')
    const a = cell.apply(p, x, mask)
    const b = cell.apply(p, tf.gather(x, permIdx) as Tensor3D, tf.gather(mask, permIdx) as Tensor2D)
    const [ha, hb, aa, ab] = [rowsOf(a.h), rowsOf(b.h), rowsOf(a.attention!), rowsOf(b.attention!)]
    perm.forEach((src, i) => {
      expect(hb[i]).toEqual(ha[src])
      expect(ab[i]).toEqual(aa[src])
    })
    // Changing item 0's input leaves every other item's outputs bit-identical.
    const x2 = tf.concat([tf.mul(tf.slice(x, [0, 0, 0], [1, T, F]), 3), tf.slice(x, [1, 0, 0], [B - 1, T, F])], 0) as Tensor3D
    const c = cell.apply(p, x2, mask)
    const hc = rowsOf(c.h)
    expect(hc[0]).not.toEqual(ha[0])
    for (let i = 1; i < B; i++) expect(hc[i]).toEqual(ha[i])
    tf.dispose([x, mask, permIdx, x2, a.h, a.last, a.attention!, b.h, b.last, b.attention!, c.h, c.last, c.attention!])
    disposeParams(p)
  })

  it('attention rows sum to 1 over the valid previous states and are 0 on masked / future ones', () => {
    const cell = attentionLstm('lstm', { inF: F, hidden: H, attention: true })
    const p = cell.init(4)
    const { x, mask } = inputs(2)
    const out = cell.apply(p, x, mask)
    expect(out.attention!.shape).toEqual([B, T, T - 1])
    const att = rowsOf(out.attention!)
    const m = mask.arraySync() as number[][]
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const row = att[b][t]
        const valid = row.map((_, j) => j < t && m[b][j] === 1)
        row.forEach((w, j) => (valid[j] ? expect(w).toBeGreaterThan(0) : expect(w).toBe(0)))
        const sum = row.reduce((s, w) => s + w, 0)
        if (valid.some(Boolean)) expect(sum).toBeCloseTo(1, 5)
        else expect(sum).toBe(0)
      }
    }
    // All-masked rows: no NaN.
    const w = maskedSoftmax(tf.tensor2d([[1, 2, 3]]), tf.tensor2d([[0, 0, 0]]))
    expect(Array.from(w.dataSync())).toEqual([0, 0, 0])
    tf.dispose([x, mask, out.h, out.last, out.attention!, w])
    disposeParams(p)
  })

  it('masked steps carry the state and ignore their input (NaN there changes nothing)', () => {
    const cell = attentionLstm('lstm', { inF: F, hidden: H, attention: true })
    const p = cell.init(5)
    const { x, mask } = inputs(3)
    const poison = tf.where(tf.greater(tf.expandDims(mask, 2), 0), x, tf.fill([B, T, F], NaN)) as Tensor3D
    const a = cell.apply(p, x, mask)
    const b = cell.apply(p, poison, mask)
    expect(Array.from(b.h.dataSync()).every(Number.isFinite)).toBe(true)
    expect(rowsOf(b.h)).toEqual(rowsOf(a.h))
    expect(rowsOf(b.attention!)).toEqual(rowsOf(a.attention!))
    // Item 1 misses frame 2: h after frame 2 equals h after frame 1.
    const h = rowsOf(a.h)
    expect(h[1][2]).toEqual(h[1][1])
    expect(h[1][3]).not.toEqual(h[1][2])
    tf.dispose([x, mask, poison, a.h, a.last, a.attention!, b.h, b.last, b.attention!])
    disposeParams(p)
  })

  it('a window from the session start equals the same frames left-padded with masked steps', () => {
    const cell = attentionLstm('lstm', { inF: F, hidden: H, attention: true })
    const p = cell.init(6)
    tf.tidy(() => {
      const short = tf.randomNormal([2, 3, F], 0, 1, 'float32', 9) as Tensor3D
      const padded = tf.concat([tf.zeros([2, T - 3, F]), short], 1) as Tensor3D
      const padMask = tf.concat([tf.zeros([2, T - 3]), tf.ones([2, 3])], 1) as Tensor2D
      const a = cell.apply(p, short)
      const b = cell.apply(p, padded, padMask)
      expect(Array.from(b.last.dataSync())).toEqual(Array.from(a.last.dataSync()))
      // Same attention over the real frames, 0 over the padding.
      const ra = (a.attention!.arraySync() as number[][][]).map((r) => r[2])
      const rb = (b.attention!.arraySync() as number[][][]).map((r) => r[T - 1])
      rb.forEach((row, i) => {
        expect(row.slice(0, T - 3)).toEqual([0, 0, 0])
        row.slice(T - 3, T - 1).forEach((w, j) => expect(w).toBeCloseTo(ra[i][j], 6))
      })
    })
    disposeParams(p)
  })

  it('without attention it is a plain LSTM (no attention output, no attention params); paper-over-n scales the context', () => {
    const plain = attentionLstm('s', { inF: F, hidden: H, attention: false })
    const p = plain.init(1)
    expect(Object.keys(p).sort()).toEqual(['s.b', 's.wh', 's.wx'])
    tf.tidy(() => {
      const out = plain.apply(p, tf.ones([2, T, F]) as Tensor3D)
      expect(out.attention).toBeNull()
      expect(out.h.shape).toEqual([2, T, H])
    })
    disposeParams(p)
    const mean = attentionLstm('a', { inF: F, hidden: H, attention: true })
    const over = attentionLstm('a', { inF: F, hidden: H, attention: true, contextNorm: 'paper-over-n' })
    const pa = mean.init(2)
    tf.tidy(() => {
      const x = tf.randomNormal([2, T, F], 0, 1, 'float32', 4) as Tensor3D
      const d = tf.max(tf.abs(tf.sub(mean.apply(pa, x).last, over.apply(pa, x).last))).dataSync()[0]
      expect(d).toBeGreaterThan(1e-4)
    })
    disposeParams(pa)
  })

  it('the fused op (hand-written backward through time) matches the autodiff reference: values and every gradient', () => {
    for (const [attention, contextNorm] of [[true, 'mean'], [true, 'paper-over-n'], [false, 'mean']] as const) {
      const fused = attentionLstm('lstm', { inF: F, hidden: H, attention, attDim: 6, contextNorm })
      const ref = attentionLstm('lstm', { inF: F, hidden: H, attention, attDim: 6, contextNorm, impl: 'autodiff' })
      const p = fused.init(11)
      const { x, mask } = inputs(5)
      const wAtt = tf.randomNormal([B, T, T - 1], 0, 1, 'float32', 6)
      const wH = tf.randomNormal([B, T, H], 0, 1, 'float32', 7)
      const run = (cell: typeof fused) =>
        tf.variableGrads(() => {
          const o = cell.apply(p, x, mask)
          const l = tf.add(tf.sum(tf.mul(o.h, wH)), tf.sum(tf.square(o.last)))
          return (o.attention ? tf.add(l, tf.sum(tf.mul(o.attention, wAtt))) : l) as Scalar
        }, Object.values(p))
      const a = run(fused)
      const b = run(ref)
      expect(a.value.dataSync()[0]).toBeCloseTo(b.value.dataSync()[0], 3)
      for (const v of Object.values(p)) {
        const ga = a.grads[v.name].dataSync()
        const gb = b.grads[v.name].dataSync()
        const scale = Math.max(1e-3, ...Array.from(gb, Math.abs))
        const err = Math.max(...Array.from(ga, (g, i) => Math.abs(g - gb[i])))
        expect(err / scale, `${attention} ${contextNorm} ${v.name}`).toBeLessThan(1e-4)
      }
      tf.dispose([a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads), x, mask, wAtt, wH])
      disposeParams(p)
    }
  })

  it('the inference forward equals the fused forward (masked and complete batches, both context norms, with and without attention) and leaks nothing', () => {
    for (const [attention, contextNorm] of [[true, 'mean'], [true, 'paper-over-n'], [false, 'mean']] as const) {
      const cell = attentionLstm('lstm', { inF: F, hidden: H, attention, attDim: 6, contextNorm })
      const p = cell.init(12)
      const { x, mask } = inputs(6)
      const full = tf.ones([B, T]) as Tensor2D
      for (const m of [mask, full]) {
        const a = cell.apply(p, x, m)
        const before = tf.memory().numTensors
        let noAttention = false
        const kept = tf.tidy(() => {
          const o = cell.apply(p, x, m, { inference: true })
          noAttention = o.attention === null
          return o.attention ? [o.h, o.last, o.attention] : [o.h, o.last]
        })
        const b = { h: kept[0], last: kept[1], attention: kept[2] ?? null }
        const close = (u: { dataSync(): ArrayLike<number> }, v: { dataSync(): ArrayLike<number> }) => {
          const du = Array.from(u.dataSync())
          const dv = Array.from(v.dataSync())
          expect(du.length).toBe(dv.length)
          expect(Math.max(...du.map((e, i) => Math.abs(e - dv[i])))).toBeLessThan(1e-5)
        }
        close(a.h, b.h)
        close(a.last, b.last)
        if (attention) close(a.attention!, b.attention!)
        else expect(noAttention).toBe(true)
        expect(tf.memory().numTensors).toBe(before + kept.length) // only the outputs survive the tidy
        tf.dispose(kept)
        tf.dispose([a.h, a.last, ...(a.attention ? [a.attention] : [])])
      }
      tf.dispose([x, mask, full])
      disposeParams(p)
    }
  })

  it('gradients reach every parameter (finite, non-zero) and nothing leaks (forward + backward)', () => {
    const cell = attentionLstm('lstm', { inF: F, hidden: H, attention: true, attDim: 6 })
    const p = cell.init(7)
    const { x, mask } = inputs(4)
    const target = tf.randomNormal([B, H], 0, 1, 'float32', 8)
    const vars = Object.values(p)
    const loss = () => {
      const out = cell.apply(p, x, mask)
      return tf.add(tf.mean(tf.square(tf.sub(out.last, target))), tf.mean(tf.square(out.h))) as Scalar
    }
    const warm = tf.variableGrads(loss, vars)
    tf.dispose([warm.value, ...Object.values(warm.grads)])
    const before = tf.memory().numTensors
    const { value, grads } = tf.variableGrads(loss, vars)
    expect(Object.keys(grads).length).toBe(vars.length)
    for (const v of vars) {
      const g = grads[v.name].dataSync()
      expect(g.every(Number.isFinite), v.name).toBe(true)
      expect(g.some((e) => e !== 0), v.name).toBe(true)
    }
    tf.dispose([value, ...Object.values(grads)])
    tf.tidy(() => {
      cell.apply(p, x, mask)
    })
    expect(tf.memory().numTensors).toBe(before)
    tf.dispose([x, mask, target])
    disposeParams(p)
  })
})
