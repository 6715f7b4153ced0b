/**
 * The thesis's facial alignment and tracking networks (T = shared/papers/001_*.txt, ch.2-4) as a REDUCED
 * reproduction: every size and ambiguity is decided here, with the thesis line it follows.
 *
 * - Pipeline (T:L469-481, Algorithm 1 L544-566, Algorithm 2 L1121-1143): box tracker BT (X_t and X_{t−1} both cropped
 *   with the previous box P_b → shared backbone → weighted concatenation EL (eq.2.3) → multi-layer LSTM (L1008,
 *   L1370) → five region FC heads (L498) → landmarks; box = landmark min/max, eq.2.4), face validation FV on
 *   patches around the landmarks (eq.2.6, L507-511), re-initialisation eq.2.8 with T_B = 1.0, T_C = 0.5 (L591),
 *   LSTM reset on re-detection or when SeqT > SeqBT (L527-533). `refine`: after FV passes, the landmark estimator
 *   (FLL ch.2 eq.2.7 / DFA ch.4 eq.4.8) re-estimates the points on the BT box (Algorithm 1/2 line 18).
 * - Backbone: the thesis fine-tunes an Inception-ResNet-v1 pretrained on MS-Celeb/CASIA (L487, ch.2-3) and a SENet
 *   pretrained on VGGFace2 (L1092, ch.4). Neither set of weights is reachable here, and they would not train on a
 *   2-core CPU, so BOTH are replaced by one compact residual CNN trained from scratch (`backbone`): a stride-2
 *   stem (compact: + 2×2 average pool, so the residual stages start at 32²), residual stages (eq.2.5's r_{i+1} = r_i + F(r_i)), a 4×4 map flattened into a dense feature. The
 *   landmark estimator (FLL/FLE) and BT share the architecture; BT starts from the estimator's trained backbone
 *   ("fine-tuned on FLL before its integration into BT", L571-572, L1148).
 * - Input: 128×128 RGB (L500: Re³ halved "implies an input image size to 128x128"), scaled to [−1, 1]. The crop
 *   context margin is not given in the thesis: `cropMargin` 0.25 of the box side per side (crop side = 1.5·max(w, h),
 *   a square around the box centre), for FLL, BT and FV alike.
 * - Region heads (L498): the 68 iBUG points split as silhouette 0-16, eyebrows 17-26, nose 27-35, eyes 36-47,
 *   lips 48-67 (0-based); points are predicted in crop-normalised coordinates (crop centre 0, half side 1).
 * - Denoiser FADeNN (ch.3 L759-821): hourglass DAE with symmetric skip connections (Mao et al.), variants
 *   D (direct, eq.3.2/3.8), S (single-task noise classifier + one specialised DAE per noise class, eq.3.3-3.6/3.9),
 *   M (multi-task classifier with reconstruction + specialised DAEs, eq.3.10, the variant ch.4 uses, eq.4.9-4.12).
 *   λ = 0.5 (L825). Noise classes: ch.3 trains on four degradations (downsampling, Gaussian blur, Gaussian noise,
 *   colour scaling, L828-837), ch.4 on blur (Gaussian + motion) and illumination only (L1166-1176). Decision:
 *   the 'fll' variant's denoiser uses ch.3's four classes, 'dcrt' uses ch.4's two classes {blur, illumination}.
 *   ch.4's real-illumination data (Yale, SOF) is not available: illumination = colour scaling only.
 * - Losses: FLL ℓ2, BT ℓ1, FV cross-entropy (L569); FADeNN-D ℓ2(X, DAE(X̂)) (eq.3.8); each specialised DAE is
 *   trained on its own class's degraded images (our reading of eq.3.11's min over D ∈ SDAE); joint DFA loss
 *   eq.4.15-4.17 with λ1 0.25 → 0.5 and λ2 0.75 → 0.5 in 0.1 steps per joint epoch, λ3 = λ4 = 0.5 (L1149-1155).
 *   ch.3 also ends with a joint fine-tune of IID + FLL (L823) without giving its loss: 'fll' uses the same eq.4.15.
 *   FLL/FLE is trained on clean crops (T:L573: 300-W + Menpo), so without the IID it has never seen a degradation:
 *   the denoiser ablation compares like with like; the joint phase then trains FLE on denoised degraded crops.
 * - Curriculum (L570, L1147): BT sequence lengths 2 → 32 in the thesis; here `curriculum` (default 2, 4, 8).
 * - Optimiser: Adam lr 1e-4 decayed every 1000 iterations (L825); the decay factor is not given: ×0.9 here. The
 *   compact preset uses lr 1e-3 (small nets from scratch, a few hundred steps: 1e-4 barely moves them) — a
 *   documented deviation. The joint DFA fine-tune uses lr × `fineTuneLr` (0.1; measured: at the full lr one joint
 *   epoch doubled the estimator's validation NME). Phases that continue trained weights (BT curriculum stages after
 *   the first, joint) keep their starting weights unless an epoch improves on them. Augmentation: the thesis uses flips, ±45° rotations and occlusion strips (L575); here
 *   only box jitter (scale/shift) and the degradations — a reduction.
 * - When the thesis and any published code disagree, the thesis is followed (ARCHITECTURE "Decisions").
 */
import { AppError } from '../../../../shared/ipc/errors'
import { DEGRADATION_KINDS, type DegradationKind } from '../anclaf/config'

export type TrackerVariant = 'fll' | 'crt' | 'dcrt'
export const TRACKER_VARIANTS: readonly TrackerVariant[] = ['fll', 'crt', 'dcrt']
export type DenoiserKind = 'none' | 'D' | 'S' | 'M'
export type TrackerPreset = 'thesis' | 'compact'

/** 0-based iBUG-68 index ranges [from, to) of the five region heads (T:L498). */
export const REGIONS: readonly { readonly name: string; readonly from: number; readonly to: number }[] = [
  { name: 'silhouette', from: 0, to: 17 },
  { name: 'eyebrows', from: 17, to: 27 },
  { name: 'nose', from: 27, to: 36 },
  { name: 'eyes', from: 36, to: 48 },
  { name: 'lips', from: 48, to: 68 }
]

export interface BackboneConfig {
  /** Channels of the stem and of each residual stage (each stage halves H and W). */
  readonly channels: readonly number[]
  /** Residual blocks per stage. */
  readonly blocksPerStage: number
  /** Size of the dense feature vector. */
  readonly featDim: number
  /** A 2×2 average pool after the stride-2 stem (a cheap stem: 128² → 32² before the first residual stage). */
  readonly stemPool: boolean
}

export interface DenoiserConfig {
  readonly kind: DenoiserKind
  /** Encoder channels of the hourglass (each level halves H and W; the decoder mirrors it with skips). */
  readonly channels: readonly number[]
  /** Noise classes (class 0 = clean is implicit); each class is a set of degradation kinds. */
  readonly classes: readonly (readonly DegradationKind[])[]
  /** Probability that a training crop is degraded (else clean, class 0); default K/(K+1): balanced classes. */
  readonly degradeProbability: number
  /** FADeNN λ (eq.3.10, L825). */
  readonly lambda: number
}

export interface TrackerConfig {
  readonly model: 'tracker'
  readonly variant: TrackerVariant
  readonly preset: TrackerPreset
  readonly seed: number
  readonly inputSize: number
  readonly cropMargin: number
  readonly backbone: BackboneConfig
  /** Weighted concatenation EL (eq.2.3) output size. */
  readonly embedDim: number
  readonly lstm: { readonly layers: number; readonly hidden: number }
  readonly fv: { readonly patch: number; readonly patchFrac: number; readonly channels: readonly number[]; readonly hidden: number }
  readonly denoiser: DenoiserConfig
  readonly thresholds: { readonly tb: number; readonly tc: number }
  /** SeqBT: the LSTM is reset when SeqT exceeds it (L527-533); = the last curriculum length unless set. */
  readonly seqBT: number
  readonly refine: boolean
  readonly train: TrackerTrainConfig
}

export interface TrackerTrainConfig {
  readonly batch: number
  readonly lr: number
  readonly lrDecayEvery: number
  readonly lrDecay: number
  /** lr factor of the joint DFA fine-tune of the already trained denoiser and estimator. */
  readonly fineTuneLr: number
  /** Epochs (of `stepsPerEpoch` steps) per phase; 0 skips the phase. */
  readonly epochs: { readonly denoiser: number; readonly estimator: number; readonly tracker: number; readonly joint: number }
  readonly stepsPerEpoch: number
  /** BT curriculum of sequence lengths (T:L570: 2 → 32). */
  readonly curriculum: readonly number[]
  /** Box jitter while training: relative shift (of the box side) and relative scale. */
  readonly jitter: { readonly shift: number; readonly scale: number }
  /** Validation items per metric (crops / windows), for speed. */
  readonly valItems: number
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Partial settings over a preset (plain mutable objects, e.g. built from CLI flags). */
export interface TrackerOverrides {
  variant?: TrackerVariant
  preset?: TrackerPreset
  seed?: number
  inputSize?: number
  cropMargin?: number
  backbone?: Partial<BackboneConfig>
  embedDim?: number
  lstm?: Partial<TrackerConfig['lstm']>
  fv?: Partial<TrackerConfig['fv']>
  denoiser?: Partial<DenoiserConfig>
  thresholds?: Partial<TrackerConfig['thresholds']>
  seqBT?: number
  refine?: boolean
  train?: Mutable<Partial<Omit<TrackerTrainConfig, 'epochs' | 'jitter'>>> & { epochs?: Mutable<Partial<TrackerTrainConfig['epochs']>>; jitter?: Mutable<Partial<TrackerTrainConfig['jitter']>> }
}

const CH3_CLASSES: DegradationKind[][] = [['downsample'], ['gaussian-blur'], ['gaussian-noise'], ['intensity']]
const CH4_CLASSES: DegradationKind[][] = [['gaussian-blur', 'motion-blur'], ['intensity']]

function presetBase(preset: TrackerPreset, variant: TrackerVariant): Omit<TrackerConfig, 'seqBT'> {
  const denoiserKind: DenoiserKind = variant === 'crt' ? 'none' : 'M'
  const classes = variant === 'fll' ? CH3_CLASSES : CH4_CLASSES
  // Clean (class 0) as frequent as each noise class: P(degraded) = K/(K+1) (the thesis gives no mix).
  const balanced = classes.length / (classes.length + 1)
  const train: TrackerTrainConfig = {
    batch: 8,
    lr: 1e-3,
    lrDecayEvery: 1000,
    lrDecay: 0.9,
    fineTuneLr: 0.1,
    epochs: { denoiser: 2, estimator: 4, tracker: 2, joint: variant === 'crt' ? 0 : 1 },
    stepsPerEpoch: 50,
    curriculum: [2, 4, 8],
    jitter: { shift: 0.08, scale: 0.08 },
    valItems: 64
  }
  if (preset === 'thesis') {
    // Sizes of the thesis (documented; far too big to train on this machine): Re³ halved → LSTM 512 units, 2 layers
    // (L500, L1008); an Inception-ResNet-v1-sized trunk (~23 M parameters) stands in as a deeper residual CNN.
    return {
      model: 'tracker', variant, preset, seed: 1, inputSize: 128, cropMargin: 0.25,
      backbone: { channels: [32, 64, 128, 256, 512], blocksPerStage: 3, featDim: 1024, stemPool: false },
      embedDim: 1024, lstm: { layers: 2, hidden: 512 },
      fv: { patch: 16, patchFrac: 0.12, channels: [64, 128], hidden: 256 },
      denoiser: { kind: denoiserKind, channels: [32, 64, 128, 256], classes, degradeProbability: balanced, lambda: 0.5 },
      thresholds: { tb: 1.0, tc: 0.5 }, refine: true,
      train: { ...train, lr: 1e-4, batch: 32, epochs: { denoiser: 20, estimator: 50, tracker: 20, joint: variant === 'crt' ? 0 : 10 }, stepsPerEpoch: 1000, curriculum: [2, 4, 8, 16, 32] }
    }
  }
  return {
    model: 'tracker', variant, preset, seed: 1, inputSize: 128, cropMargin: 0.25,
    backbone: { channels: [16, 32, 48, 64], blocksPerStage: 1, featDim: 256, stemPool: true },
    embedDim: 256, lstm: { layers: 2, hidden: 128 },
    fv: { patch: 8, patchFrac: 0.1, channels: [32, 48], hidden: 64 },
    denoiser: { kind: denoiserKind, channels: [8, 16, 32], classes, degradeProbability: balanced, lambda: 0.5 },
    thresholds: { tb: 1.0, tc: 0.5 }, refine: true, train
  }
}

function bad(msg: string): never {
  throw new AppError('INVALID_ARGUMENT', `tracker config: ${msg}`)
}
function int(v: number, name: string, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) bad(`${name} must be an integer in [${min}, ${max}], got ${v}`)
}
function num(v: number, name: string, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) bad(`${name} must be a number in [${min}, ${max}], got ${v}`)
}
function ints(v: readonly number[], name: string, min: number, max: number, minLen: number): void {
  if (!Array.isArray(v) || v.length < minLen) bad(`${name} must list at least ${minLen} value(s)`)
  v.forEach((x, i) => int(x, `${name}[${i}]`, min, max))
}

/** Checks every field; throws AppError INVALID_ARGUMENT naming the first bad one. */
export function validateTrackerConfig(c: TrackerConfig): TrackerConfig {
  if (c.model !== 'tracker') bad(`model must be 'tracker'`)
  if (!TRACKER_VARIANTS.includes(c.variant)) bad(`variant must be one of ${TRACKER_VARIANTS.join(', ')}, got ${String(c.variant)}`)
  if (c.preset !== 'thesis' && c.preset !== 'compact') bad(`preset must be 'thesis' or 'compact'`)
  int(c.seed, 'seed', 0, 2 ** 31 - 1)
  int(c.inputSize, 'inputSize', 16, 512)
  if (typeof c.backbone.stemPool !== 'boolean') bad('backbone.stemPool must be a boolean')
  const levels = backboneLevels(c.backbone)
  if (c.inputSize % 2 ** levels !== 0) bad(`inputSize ${c.inputSize} must be divisible by 2^${levels} (backbone stride)`)
  num(c.cropMargin, 'cropMargin', 0, 1)
  ints(c.backbone.channels, 'backbone.channels', 1, 1024, 2)
  int(c.backbone.blocksPerStage, 'backbone.blocksPerStage', 0, 8)
  int(c.backbone.featDim, 'backbone.featDim', 8, 4096)
  int(c.embedDim, 'embedDim', 8, 4096)
  int(c.lstm.layers, 'lstm.layers', 2, 4) // multi-layer (T:L1008, L1370)
  int(c.lstm.hidden, 'lstm.hidden', 4, 2048)
  int(c.fv.patch, 'fv.patch', 4, 64)
  num(c.fv.patchFrac, 'fv.patchFrac', 0.01, 0.5)
  ints(c.fv.channels, 'fv.channels', 1, 1024, 1)
  int(c.fv.hidden, 'fv.hidden', 4, 2048)
  if (!['none', 'D', 'S', 'M'].includes(c.denoiser.kind)) bad(`denoiser.kind must be none, D, S or M`)
  if (c.variant === 'crt' && c.denoiser.kind !== 'none') bad(`variant crt has no denoiser (denoiser.kind must be 'none')`)
  if (c.variant === 'dcrt' && c.denoiser.kind === 'none') bad(`variant dcrt needs a denoiser (D, S or M)`)
  ints(c.denoiser.channels, 'denoiser.channels', 1, 1024, 2)
  if (c.inputSize % 2 ** c.denoiser.channels.length !== 0) bad(`inputSize must be divisible by 2^${c.denoiser.channels.length} (denoiser levels)`)
  if (!Array.isArray(c.denoiser.classes) || c.denoiser.classes.length < 1) bad('denoiser.classes must list at least one class')
  for (const cl of c.denoiser.classes) {
    if (!Array.isArray(cl) || cl.length === 0 || cl.some((k) => !DEGRADATION_KINDS.includes(k))) bad(`denoiser.classes: unknown degradation in [${String(cl)}] (known: ${DEGRADATION_KINDS.join(', ')})`)
  }
  num(c.denoiser.degradeProbability, 'denoiser.degradeProbability', 0, 1)
  num(c.denoiser.lambda, 'denoiser.lambda', 0, 10)
  num(c.thresholds.tb, 'thresholds.tb', 0, 100)
  num(c.thresholds.tc, 'thresholds.tc', 0, 1)
  int(c.seqBT, 'seqBT', 1, 100000)
  if (typeof c.refine !== 'boolean') bad('refine must be a boolean')
  const t = c.train
  int(t.batch, 'train.batch', 1, 1024)
  num(t.lr, 'train.lr', 1e-7, 1)
  int(t.lrDecayEvery, 'train.lrDecayEvery', 1, 1e9)
  num(t.lrDecay, 'train.lrDecay', 0.01, 1)
  num(t.fineTuneLr, 'train.fineTuneLr', 1e-4, 1)
  for (const k of ['denoiser', 'estimator', 'tracker', 'joint'] as const) int(t.epochs[k], `train.epochs.${k}`, 0, 10000)
  int(t.stepsPerEpoch, 'train.stepsPerEpoch', 1, 1e7)
  ints(t.curriculum, 'train.curriculum', 2, 256, 1)
  num(t.jitter.shift, 'train.jitter.shift', 0, 1)
  num(t.jitter.scale, 'train.jitter.scale', 0, 1)
  int(t.valItems, 'train.valItems', 1, 1e6)
  if (c.variant === 'fll' && c.denoiser.kind === 'none' && t.epochs.joint > 0) bad('train.epochs.joint needs a denoiser')
  return c
}

/** The validated configuration: preset (default 'compact') + variant (default 'dcrt') + overrides. */
export function trackerConfig(o: TrackerOverrides = {}): TrackerConfig {
  const variant = o.variant ?? 'dcrt'
  const base = presetBase(o.preset ?? 'compact', variant)
  const train: TrackerTrainConfig = {
    ...base.train,
    ...o.train,
    epochs: { ...base.train.epochs, ...o.train?.epochs },
    jitter: { ...base.train.jitter, ...o.train?.jitter }
  }
  const cfg: TrackerConfig = {
    ...base,
    seed: o.seed ?? base.seed,
    inputSize: o.inputSize ?? base.inputSize,
    cropMargin: o.cropMargin ?? base.cropMargin,
    backbone: { ...base.backbone, ...o.backbone },
    embedDim: o.embedDim ?? base.embedDim,
    lstm: { ...base.lstm, ...o.lstm },
    fv: { ...base.fv, ...o.fv },
    denoiser: { ...base.denoiser, ...o.denoiser },
    thresholds: { ...base.thresholds, ...o.thresholds },
    refine: o.refine ?? base.refine,
    seqBT: o.seqBT ?? train.curriculum[train.curriculum.length - 1],
    train
  }
  return validateTrackerConfig(cfg)
}

/** How many times the backbone halves H and W (stem, optional pool, one per further stage). */
export function backboneLevels(b: BackboneConfig): number {
  return b.channels.length + (b.stemPool ? 1 : 0)
}

/** Whether the variant runs the box tracker (else: per-frame estimator, T ch.3). */
export function usesTracker(c: TrackerConfig): boolean {
  return c.variant !== 'fll'
}
