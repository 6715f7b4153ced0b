/**
 * Stage-2 sequence models on cached per-frame latents: ANCLaF-S-n / SA-n (P000 §3.2 L68-89; T ch.6 L1602-1626) and
 * the audio-visual DiLaST-SA family Vi-DeS, Au-DeS, AVi-CaS, AVi-GaS (T ch.7 §7.3.2 L1842-1884).
 *
 * Line citations: P000 = shared/papers/000_*.txt, T = 001_*.txt.
 *
 * Network (models/sequence/model.ts): per-frame latent vector(s) → fusion → LSTM (with attention for SA) over a
 * window of n frames → FC → tanh [V, A] for the LAST frame of the window (+ optional quadrant logits).
 *
 * Paper-vs-code choices (each a field below or a fixed rule):
 * - Input (`modalities`): one latent VECTOR per frame and modality, produced by the frozen stage-1 networks and
 *   cached (the latent cache, keyed by stage-1 run + session, is wiring outside this folder). P000 eq.4/8 feed ZQ
 *   itself to the LSTM; Table A.3 (T:L2215-2225) puts enc_C's Conv1-5 (ZQ → 1024-d) before the LSTM. We cache
 *   enc_C's output (frozen after stage 1) — a 2-D ZQ map is ~0.5 MB per frame (READING-NOTES "Latent size") and
 *   fine-tuning enc_C in stage 2 is therefore not possible here (a documented deviation).
 * - Attention (`attention`, blocks/attention-lstm.ts): the concat score (eq.5) over [h; c] of the window's previous
 *   states, context concatenated with the input (eq.8, not Luong's output combination); 'none' = S models,
 *   'after-s' = ANCLaF: the whole S curriculum first, then SA-n = attention added to the trained S-n (P000:L111;
 *   T:L1652), 'always' = ch.7 models ("all with attention", T:L1868, L1908).
 * - SA-n initialisation: SA-n starts from S-n's selected weights with the new context weights W_c set to ZERO, so
 *   at its first step SA-n computes exactly S-n's function (the attention parameters W_q, W_k, v_a start from
 *   their seeded init; they receive gradient as soon as W_c moves away from 0).
 * - Curriculum (`curriculum`): windows 2, 4, 8, 16, 32 for ANCLaF (P000:L70 — its "8,6,32" is a typo for 16; T:L1604)
 *   and 2, 4, 8 for ch.7 (T:L1868, L1908); each stage starts from the previous stage's validation-selected weights
 *   ("multi-stage transfer learning", P000:L111) with a fresh Adam state (the papers say nothing about it).
 * - Fusion (`fusion`): 'none' (one modality), 'concat' (AVi-CaS, eq.7.4 ZQ^C = [ZQ^I; ZQ^S]), 'gmu' (AVi-GaS,
 *   eq.7.5-7.8, blocks/gmu.ts, on the per-frame vectors — a dense gate over flattened maps would be ~3.6e10 weights).
 *   The gate is applied per frame before the LSTM; its output size is `gmuDim`.
 * - Sizes: LSTM hidden 512 and W_a 512 (Table A.3); `gmuDim` 512 (not given; = the LSTM width).
 * - Head: FC hidden → 2, tanh (Table A.3 "FC [V/A] 512" gives no output activation); labels are divided by
 *   `labelRange` into [−1, 1]; predictions are scaled back. Optional quadrant head (`quadrantHead`, 4 logits,
 *   cross-entropy with weight `quadrantWeight`) — not in the papers' sequence models (their Q comes from D, inside ZQ).
 * - Loss: P000 eq.10-14 / T eq.7.14-7.18 — RMSE + (1 − COR) + (1 − CCC) + (1 − ICC_paper) per dimension with
 *   inverse-frequency class weights (the operative form of models/anclaf/config.ts), "the same experimental settings
 *   used to train ANCLaF" (P000:L111) — hence Adam lr 1e-4, β (0.5, 0.999), batch 16: NOT from the papers.
 * - `epochsPerStage` (5), gradient clipping by global norm (`clipNorm` 5; 0 = off), forget-gate bias 1: not from
 *   the papers.
 * - Windows: the target is the window's last frame; a training window is made for every frame that has a latent and
 *   a label. Frames before the session start are padding (masked), so the first n − 1 frames of a session use the
 *   shorter window from the session start, in training and inference alike.
 * - Missing frames (no face / no latent) inside a window are masked (not zero-filled silently): the LSTM carries its
 *   state over them and the attention gives them weight 0 (blocks/attention-lstm.ts). A frame without a latent gets
 *   no prediction (NaN) and is never a training target.
 * - Audio dropout (`audioDropout`, an addition — not in the thesis; 0 = the paper's training): with this probability
 *   a training window of a model with an audio branch has its audio latents, from a random frame to its last frame,
 *   replaced by the audio stage-1 model's latent of DIGITAL SILENCE (an all-zero spectrogram window: what a muted
 *   microphone, a dropout or a cut gives; engine/data/spectrogram-crops.ts clips it to −1 everywhere). The labels
 *   stay, so on those windows only the face can carry the answer: the GMU gate gets examples where the voice says
 *   nothing and learns to move its weight to the face (the ZG shift thesis Tables 7.9-7.10 look for). ModDrop-style
 *   modality dropout, applied in the latent space because stage 2 trains on cached latents. Measured (AVi-GaS, the
 *   20-subject severe synthetic world, fold 1, 2 seeds each; #7 closing note): mean ZG on audio-only-degraded vs
 *   clean frames, Cohen's d −0.24 / +0.08 at 0 (no shift), +0.42 / −0.01 at 0.3, +0.65 / +0.58 at 0.5, +0.37 / +0.66
 *   at 0.7; validation CCC mean .21 / .17 at 0 against .27-.28 with dropout. The world's dropouts are shorter than
 *   the 3 s window, so a dropped frame's window is only partly silent: the shift is real but small (ΔZG ≈ .01).
 * - Sessions shorter than the window (`shortSessions`): 'refuse' (default) stops before any training with a message
 *   naming them; 'pad' uses them with session-start windows. Inference always pads (a trace for every frame).
 */
import { AppError } from '../../../../shared/ipc/errors'
import type { ClassWeightsConfig, OptimiserConfig } from '../anclaf/config'

export type SequenceVariant = 'anclaf-s' | 'anclaf-sa' | 'vi-des' | 'au-des' | 'avi-cas' | 'avi-gas'
export const SEQUENCE_VARIANTS: readonly SequenceVariant[] = ['anclaf-s', 'anclaf-sa', 'vi-des', 'au-des', 'avi-cas', 'avi-gas']
export type Modality = 'image' | 'audio'
export type Fusion = 'none' | 'concat' | 'gmu'
export type AttentionMode = 'none' | 'after-s' | 'always'

export interface SequenceConfig {
  readonly model: 'sequence'
  readonly variant: SequenceVariant
  readonly modalities: readonly Modality[]
  readonly fusion: Fusion
  readonly attention: AttentionMode
  readonly hidden: number
  readonly attentionDim: number
  readonly gmuDim: number
  readonly contextNorm: 'mean' | 'paper-over-n'
  readonly forgetBias: number
  readonly quadrantHead: boolean
  readonly quadrantWeight: number
  readonly curriculum: readonly number[]
  readonly epochsPerStage: number
  readonly batch: number
  readonly optimiser: OptimiserConfig
  readonly classWeights: ClassWeightsConfig
  readonly clipNorm: number
  readonly shortSessions: 'refuse' | 'pad'
  /** Probability that a training window's audio ends in digital silence (see above); 0 = off (the paper). */
  readonly audioDropout: number
  /** Native label range: labels / labelRange ∈ [−1, 1] (AFEW-VA 10, SEWA / SEMAINE 1). */
  readonly labelRange: number
  readonly seed: number
}

const BASE = {
  model: 'sequence',
  hidden: 512,
  attentionDim: 512,
  gmuDim: 512,
  contextNorm: 'mean',
  forgetBias: 1,
  quadrantHead: false,
  quadrantWeight: 1,
  epochsPerStage: 5,
  batch: 16,
  optimiser: { name: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.999, eps: 1e-8 },
  classWeights: { form: 'inverse-frequency', bins: 10 },
  clipNorm: 5,
  shortSessions: 'refuse',
  audioDropout: 0,
  labelRange: 1,
  seed: 1
} as const

const ANCLAF_CURRICULUM = [2, 4, 8, 16, 32] as const
const AV_CURRICULUM = [2, 4, 8] as const

export const SEQUENCE_PRESETS: Readonly<Record<SequenceVariant, SequenceConfig>> = {
  'anclaf-s': { ...BASE, variant: 'anclaf-s', modalities: ['image'], fusion: 'none', attention: 'none', curriculum: ANCLAF_CURRICULUM, labelRange: 10 },
  'anclaf-sa': { ...BASE, variant: 'anclaf-sa', modalities: ['image'], fusion: 'none', attention: 'after-s', curriculum: ANCLAF_CURRICULUM, labelRange: 10 },
  'vi-des': { ...BASE, variant: 'vi-des', modalities: ['image'], fusion: 'none', attention: 'always', curriculum: AV_CURRICULUM },
  'au-des': { ...BASE, variant: 'au-des', modalities: ['audio'], fusion: 'none', attention: 'always', curriculum: AV_CURRICULUM },
  'avi-cas': { ...BASE, variant: 'avi-cas', modalities: ['image', 'audio'], fusion: 'concat', attention: 'always', curriculum: AV_CURRICULUM },
  'avi-gas': { ...BASE, variant: 'avi-gas', modalities: ['image', 'audio'], fusion: 'gmu', attention: 'always', curriculum: AV_CURRICULUM }
}

/** Display names (P000 / thesis ch.7). */
export const VARIANT_LABEL: Readonly<Record<SequenceVariant, string>> = {
  'anclaf-s': 'ANCLaF-S',
  'anclaf-sa': 'ANCLaF-SA',
  'vi-des': 'Vi-DeS',
  'au-des': 'Au-DeS',
  'avi-cas': 'AVi-CaS',
  'avi-gas': 'AVi-GaS'
}

export type SequenceOverrides = Partial<Omit<SequenceConfig, 'optimiser' | 'classWeights' | 'model' | 'variant'>> & {
  readonly optimiser?: Partial<OptimiserConfig>
  readonly classWeights?: Partial<ClassWeightsConfig>
}

function bad(message: string): never {
  throw new AppError('INVALID_ARGUMENT', `sequence config: ${message}`)
}

const posInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0

export function needsAudio(c: Pick<SequenceConfig, 'modalities'>): boolean {
  return c.modalities.includes('audio')
}

/** Checks a full config; throws INVALID_ARGUMENT naming the field. Returns it unchanged. */
export function validateSequenceConfig(c: SequenceConfig): SequenceConfig {
  if (c.model !== 'sequence') bad(`model must be 'sequence'`)
  if (!SEQUENCE_VARIANTS.includes(c.variant)) bad(`unknown variant '${String(c.variant)}' (known: ${SEQUENCE_VARIANTS.join(', ')})`)
  const mods = [...c.modalities].sort().join('+')
  if (!['audio', 'image', 'audio+image'].includes(mods) || new Set(c.modalities).size !== c.modalities.length) bad(`modalities must be image, audio or both, got [${c.modalities.join(', ')}]`)
  if (c.modalities.length === 1 && c.fusion !== 'none') bad(`fusion '${c.fusion}' needs two modalities`)
  if (c.modalities.length === 2 && c.fusion === 'none') bad(`two modalities need fusion 'concat' or 'gmu'`)
  if (!['none', 'after-s', 'always'].includes(c.attention)) bad(`attention must be none, after-s or always`)
  for (const k of ['hidden', 'attentionDim', 'gmuDim', 'epochsPerStage'] as const) if (!posInt(c[k])) bad(`${k} must be a positive integer, got ${c[k]}`)
  if (c.contextNorm !== 'mean' && c.contextNorm !== 'paper-over-n') bad(`contextNorm must be 'mean' or 'paper-over-n'`)
  if (!Number.isFinite(c.forgetBias)) bad('forgetBias must be finite')
  if (!(c.quadrantWeight >= 0)) bad('quadrantWeight must be ≥ 0')
  if (c.curriculum.length === 0) bad('curriculum must list at least one window length')
  c.curriculum.forEach((n, i) => {
    if (!posInt(n) || n < 2) bad(`curriculum[${i}] must be an integer ≥ 2 (a window of one frame has no previous state), got ${n}`)
    if (i > 0 && n <= c.curriculum[i - 1]) bad(`curriculum must increase (each stage starts from the previous, shorter one): ${c.curriculum.join(', ')}`)
  })
  if (!posInt(c.batch) || c.batch < 2) bad(`batch must be an integer ≥ 2 (correlation terms need two samples), got ${c.batch}`)
  const o = c.optimiser
  if (!(o.lr > 0 && o.lr < 1)) bad(`optimiser.lr must be in (0, 1), got ${o.lr}`)
  if (!(o.beta1 >= 0 && o.beta1 < 1) || !(o.beta2 >= 0 && o.beta2 < 1)) bad('optimiser.beta1/beta2 must be in [0, 1)')
  if (!(o.eps > 0)) bad('optimiser.eps must be > 0')
  if (c.classWeights.form !== 'inverse-frequency' && c.classWeights.form !== 'none') bad(`classWeights.form must be 'inverse-frequency' or 'none'`)
  if (!posInt(c.classWeights.bins) || c.classWeights.bins < 2) bad('classWeights.bins must be an integer ≥ 2')
  if (!(c.clipNorm >= 0)) bad('clipNorm must be ≥ 0 (0 = off)')
  if (c.shortSessions !== 'refuse' && c.shortSessions !== 'pad') bad(`shortSessions must be 'refuse' or 'pad'`)
  if (!(c.audioDropout >= 0 && c.audioDropout < 1)) bad(`audioDropout must be in [0, 1), got ${c.audioDropout}`)
  if (c.audioDropout > 0 && !needsAudio(c)) bad(`audioDropout needs an audio branch; ${c.variant} reads face latents only`)
  if (!(c.labelRange > 0)) bad('labelRange must be > 0')
  if (!Number.isSafeInteger(c.seed)) bad('seed must be an integer')
  return c
}

/** A variant's preset with overrides applied (nested groups merged), validated. */
export function sequenceConfig(variant: SequenceVariant, overrides: SequenceOverrides = {}): SequenceConfig {
  const base = SEQUENCE_PRESETS[variant]
  if (!base) bad(`unknown variant '${String(variant)}' (known: ${SEQUENCE_VARIANTS.join(', ')})`)
  return validateSequenceConfig({
    ...base,
    ...overrides,
    optimiser: { ...base.optimiser, ...overrides.optimiser },
    classWeights: { ...base.classWeights, ...overrides.classWeights }
  })
}

/** One curriculum stage: its window, whether it has attention, and the stage whose weights it starts from. */
export interface StagePlan {
  readonly name: string
  readonly n: number
  readonly attention: boolean
  readonly initFrom: string | null
  /** SA-n built on S-n: copy S-n and zero the new context weights. */
  readonly addsAttention: boolean
}

/**
 * The stages in training order. ANCLaF-S: S-2 → S-4 → … ; ANCLaF-SA: the S chain, then SA-n from S-n for each n;
 * ch.7 models: <Label>-2 → <Label>-4 → <Label>-8, all with attention.
 */
export function curriculumPlan(c: SequenceConfig): StagePlan[] {
  if (c.attention === 'always') {
    const label = VARIANT_LABEL[c.variant]
    return c.curriculum.map((n, i) => ({ name: `${label}-${n}`, n, attention: true, initFrom: i ? `${label}-${c.curriculum[i - 1]}` : null, addsAttention: false }))
  }
  const s = c.curriculum.map((n, i) => ({ name: `S-${n}`, n, attention: false, initFrom: i ? `S-${c.curriculum[i - 1]}` : null, addsAttention: false }))
  if (c.attention === 'none') return s
  return [...s, ...c.curriculum.map((n) => ({ name: `SA-${n}`, n, attention: true, initFrom: `S-${n}`, addsAttention: true }))]
}
