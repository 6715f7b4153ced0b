/**
 * The G and D of /work/shared/reference/torch_ref_bench.py (thesis Tables A.1/A.2) built from the blocks, with the
 * same width multiplier. Used by the engine benchmark and tests as the PyTorch-comparable workload; the ANCLaF
 * model proper lives in models/anclaf/. Differences from the torch file, none of which change the FLOPs that
 * matter: convs followed by instance norm have no bias (IN cancels it); every IN is affine (the torch decoder's
 * are not).
 */
import type { Tensor4D } from '../tf'
import { conv, convInRelu, convLrelu, deconvInRelu, residualBlock, sequential, type Block } from './layers'
import type { ParamMap } from './params'

export interface GOutput {
  readonly y: Tensor4D
  readonly z: Tensor4D
}

export interface RefNets {
  readonly g: { init(seed: number): ParamMap; apply(p: ParamMap, x: Tensor4D): GOutput }
  readonly d: { init(seed: number): ParamMap; apply(p: ParamMap, x: Tensor4D): { rf: Tensor4D; q: Tensor4D } }
}

/** G: enc = conv4/s2 a → conv4/s2 b → 2 residual blocks; dec = deconv b → deconv a → conv3 → tanh (3 channels). */
export function refGenerator(width = 1): RefNets['g'] {
  const a = Math.trunc(64 * width)
  const b = Math.trunc(128 * width)
  const enc: Block = sequential('g.enc', [
    convInRelu('g.enc.c1', { inC: 3, outC: a, k: 4, stride: 2, pad: 1 }),
    convInRelu('g.enc.c2', { inC: a, outC: b, k: 4, stride: 2, pad: 1 }),
    residualBlock('g.enc.r1', { channels: b }),
    residualBlock('g.enc.r2', { channels: b })
  ])
  const dec: Block = sequential('g.dec', [
    deconvInRelu('g.dec.d1', { inC: b, outC: b }),
    deconvInRelu('g.dec.d2', { inC: b, outC: a }),
    conv('g.dec.out', { inC: a, outC: 3, k: 3, stride: 1, pad: 1, act: 'tanh' })
  ])
  return {
    init: (seed) => ({ ...enc.init(seed), ...dec.init(seed) }),
    apply: (p, x) => {
      const z = enc.apply(p, x)
      return { y: dec.apply(p, z), z }
    }
  }
}

/** D: five conv4/s2 + LeakyReLU(0.01), 64…1024 × width; two 3×3 heads (real/fake 1 channel, Q 4 channels). */
export function refDiscriminator(width = 1, headPad: 0 | 1 = 1): RefNets['d'] {
  const ch = [3, ...[64, 128, 256, 512, 1024].map((c) => Math.trunc(c * width))]
  const body: Block = sequential(
    'd.body',
    ch.slice(0, 5).map((c, i) => convLrelu(`d.body.c${i + 1}`, { inC: c, outC: ch[i + 1] }))
  )
  const rf = conv('d.rf', { inC: ch[5], outC: 1, k: 3, stride: 1, pad: headPad })
  const q = conv('d.q', { inC: ch[5], outC: 4, k: 3, stride: 1, pad: headPad })
  return {
    init: (seed) => ({ ...body.init(seed), ...rf.init(seed), ...q.init(seed) }),
    apply: (p, x) => {
      const h = body.apply(p, x)
      return { rf: rf.apply(p, h), q: q.apply(p, h) }
    }
  }
}

export function refNets(width = 1): RefNets {
  return { g: refGenerator(width), d: refDiscriminator(width) }
}
