/**
 * The trained tracker as a SequenceTracker (T Algorithm 1 L544-566 / Algorithm 2 L1121-1143):
 *  1. after a failed validation: re-detect (the `redetect` callback stands in for MTCNN) and choose P_b by eq.2.8;
 *  2. reset the LSTM on re-detection or when SeqT > SeqBT (l.11-12);
 *  3. BT on X_t and X_{t−1} cropped with P_b → l_t^BT, b_t^BT (eq.2.2-2.4);
 *  4. FV(X_t^{Pb}, l_t^BT) → p(face); below T_C: flag re-detection for the next frame (l.15-16) — this frame then
 *     reports BT's estimate with its low p(face) and the box stays b_{t−1} (the thesis leaves l_t undefined there);
 *  5. else refine with the landmark estimator on b_t^BT (l.18: FLL, or DFA = FLE(IID(·)) with a denoiser — `denoise:
 *     false` bypasses the IID for the ablation), b_t = box of l_t, SeqT += 1.
 * The BT sees the raw crops in both CRT and DCRT, as in Algorithm 2 (the denoiser sits inside DFA).
 * 'fll' (T ch.3, no recurrence): each frame = (IID +) FLL on the crop of the previous box.
 * Recurrent state is held as kept tensors and replaced (old ones disposed) each step; nothing else outlives a step.
 */
import type { Box, RgbImage } from '../../../faces/human-detector'
import type { SequenceTracker, TrackerInit, TrackStep } from '../../../faces/trackers/types'
import type { Point2 } from '../../../datasets/landmarks/points'
import type { Tensor2D, Tensor4D } from '../../tf'
import { getTf } from '../../tf'
import { boxOfPoints, cropImage, cropWindowOf, flattenPoints, fromCropCoords, type CropWindow } from './crop'
import type { TrackerModel } from './model'
import { disposeLstmState, type LstmState } from './nets'
import { isValidBox, reinitBox, shouldResetLstm } from './reinit'

export interface TrainedTrackerOptions {
  readonly id: string
  readonly denoise: boolean
  readonly redetect?: (frame: RgbImage) => Promise<Box | null>
}

function toPoints(flat: ArrayLike<number>): Point2[] {
  const out: Point2[] = []
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]])
  return out
}

export function createTrainedTracker(model: TrackerModel, opts: TrainedTrackerOptions): SequenceTracker {
  const tf = getTf()
  const c = model.config
  const S = c.inputSize
  const useDen = opts.denoise && c.denoiser.kind !== 'none'
  const recurrent = model.subnets.includes('bt')
  const buf = new Float32Array(S * S * 3)
  const bufPrev = new Float32Array(S * S * 3)
  let box: Box | null = null
  let b0: Box | null = null
  let prevFrame: RgbImage | null = null
  let lstm: LstmState | null = null
  let seqT = 0
  let redetectFlag = false
  let disposed = false

  const cropTensor = (img: RgbImage, win: CropWindow, into: Float32Array<ArrayBuffer>): Tensor4D => tf.tensor4d(cropImage(img, win, S, into), [1, S, S, 3])

  /** (IID +) FLL/FLE on the crop of `b`: 68 points in frame pixels. */
  const estimate = (frame: RgbImage, b: Box): Float32Array => {
    const win = cropWindowOf(b, c.cropMargin)
    const x = cropTensor(frame, win, buf)
    try {
      const u = tf.tidy(() => model.nets.fle.apply(model.params, useDen ? model.nets.den.infer(model.params, x) : x))
      const out = fromCropCoords(u.dataSync(), win)
      u.dispose()
      return out
    } finally {
      x.dispose()
    }
  }

  const resetLstm = (): void => {
    disposeLstmState(lstm)
    lstm = model.nets.bt.lstm.zeroState(1)
    seqT = 0
  }

  const finish = (flat: Float32Array, pFace: number, reinitialised: boolean): TrackStep => {
    const b = boxOfPoints(flat)
    return { points: toPoints(flat), box: isValidBox(b) ? b : null, pFace, reinitialised }
  }

  return {
    id: opts.id,
    async init(frame: RgbImage, from: TrackerInit): Promise<TrackStep> {
      if (disposed) throw new Error('tracker is disposed')
      const start = from.points ? boxOfPoints(flattenPoints(from.points)) : from.box
      if (!isValidBox(start)) throw new Error('tracker init needs 68 points or a box with positive size')
      const flat = from.points ? flattenPoints(from.points) : estimate(frame, start)
      box = from.points ? start : boxOfPoints(flat)
      b0 = box
      prevFrame = frame
      redetectFlag = false
      if (recurrent) resetLstm()
      return finish(flat, 1, false)
    },
    async step(frame: RgbImage): Promise<TrackStep> {
      if (disposed) throw new Error('tracker is disposed')
      if (!box || !b0 || !prevFrame) throw new Error('tracker step before init')
      if (!recurrent) {
        const flat = estimate(frame, box)
        const b = boxOfPoints(flat)
        if (isValidBox(b)) box = b
        prevFrame = frame
        return finish(flat, 1, false)
      }
      let pb: Box = box
      let reinitialised = false
      const redetected = redetectFlag
      if (redetectFlag) {
        const det = opts.redetect ? await opts.redetect(frame) : null
        const d = reinitBox(box, det ? [det] : [], b0, c.thresholds.tb)
        pb = d.box
        reinitialised = d.source === 'detection'
      }
      if (shouldResetLstm(redetected, seqT, c.seqBT)) resetLstm()
      const win = cropWindowOf(pb, c.cropMargin)
      const xt = cropTensor(frame, win, buf)
      const xp = cropTensor(prevFrame, win, bufPrev)
      let pFace: number
      let btFlat: Float32Array
      try {
        const r = tf.tidy(() => {
          const s = model.nets.bt.step(model.params, xt, xp, lstm!)
          const logit = model.nets.fv.apply(model.params, xt, s.points as Tensor2D)
          return { points: s.points, p: tf.sigmoid(logit), h: s.state.h, c: s.state.c }
        })
        disposeLstmState(lstm)
        lstm = { h: r.h, c: r.c }
        btFlat = fromCropCoords(r.points.dataSync(), win)
        pFace = r.p.dataSync()[0]
        tf.dispose([r.points, r.p])
      } finally {
        tf.dispose([xt, xp])
      }
      prevFrame = frame
      const bBT = boxOfPoints(btFlat)
      if (!(pFace >= c.thresholds.tc) || !isValidBox(bBT)) {
        redetectFlag = true
        box = pb
        return { points: toPoints(btFlat), box: isValidBox(bBT) ? bBT : null, pFace: Number.isFinite(pFace) ? pFace : 0, reinitialised }
      }
      const flat = c.refine ? estimate(frame, bBT) : btFlat
      const b = boxOfPoints(flat)
      box = isValidBox(b) ? b : bBT
      seqT++
      redetectFlag = false
      return finish(flat, pFace, reinitialised)
    },
    dispose(): void {
      if (disposed) return
      disposed = true
      disposeLstmState(lstm)
      lstm = null
    }
  }
}
