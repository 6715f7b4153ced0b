/**
 * AEG-CD-SZ configuration (P002 = shared/papers/002_*.txt; T = 001_*.txt, ch.5; P000 = 000_*.txt).
 *
 * Architecture (P002:L41-57):
 * - AEG = ANCLaF's G (models/anclaf/generator.ts; Table A.1, T:L2187-2202): mirrored convs / deconvs around a 2-D
 *   bottleneck z, no encoder–decoder skips (P002:L49). Same widths as the ANCLaF presets.
 * - CD (P002:L53-57): NO C network and NO quadrant (that is ANCLaF): CD regresses V/A directly and says
 *   real/fake. Layers as ANCLaF's D (Table A.2, T:L2204-2213): 4/s2 convs with LeakyReLU (0.2), two parallel
 *   unpadded 3×3 heads on the last map — real/fake (1 channel: a 2×2 map of logits, "a 2×2 pixels layer", L57) and
 *   V/A (`vaHeadChannels`, LReLU, then FC → 2 → tanh: "another classifier on top of the main classifier", L57).
 * - Audio (P002:L55, L87): the 50 eGeMAPS values (media/audio/egemaps, 2 LLD frames × 25) → ONE FC layer
 *   50 → S² "to enlarge its dimension" (tanh, so the map lives on the image's [−1, 1] scale — our choice) →
 *   reshaped to one S×S channel → concatenated with the denoised image at CD's input (3 + 1 = 4 channels).
 * - z (P002:L53, L55 "combined in middle pipelines of the CD by concatenating them with intermediate kernels"):
 *   concatenated with the output of CD's Conv2, whose map is S/4 × S/4 — the size of G's Z (two stride-2 convs):
 *   32² at the thesis' 128² input, 16² at the compact 64² input (compact G's Z is 32×16×16 and compact CD's Conv2
 *   is 16² as well, so the same layer matches at both sizes). Conv3 therefore takes widths[1] + C_Z channels.
 * - Switching z / audio off (the "Disc" and "AEG-CD" phases, P002:L93, L104) feeds zeros in their place, so the
 *   three phases share ONE parameter set and the progressive schedule continues training the same weights.
 *   CD's real branch sees z = enc_AEG(clean image) (its own latent), the fake branch z = enc_AEG(degraded input).
 *
 * Losses (P002 eq.1-10, L43-75):
 * - Adversarial: standard log-GAN with logits (eq.1), reused from train/losses.ts (ganLoss). Real = clean images,
 *   fake = AEG(x̃); P002 calls x "the noisy image" (L47), which would make the discriminator reward noise: we follow
 *   ANCLaF (P000:L60-62) and the degradation setup (L45).
 * - Cycle reconstruction (eq.2, L51): ‖x − AEG(AEG(x̂))‖₁ with x the CLEAN image and the inner AEG applied to the
 *   degraded input — denoising twice must still give the clean face (AEG is idempotent on clean images). The
 *   literal reading (target = the noisy image) would undo the denoising. `loss.recDirect` adds ‖x − AEG(x̃)‖₁
 *   (not in P002; default 0).
 * - Affect (eq.5-8, L65-71): per dimension RMSE + (1 − COR) + (1 − CCC), summed over V and A — NO ICC term (that
 *   is P000). P002's eq.8 "CCC" is written 2cov/(σ̂² + σ²), i.e. P000's "ICC" without the mean term (and with "2x"
 *   and "−" typos for products): we implement the STANDARD CCC (Lin 1989) 2cov/(σ̂² + σ² + (μ̂ − μ)²). eq.6 is
 *   labelled MSE but written as a root: RMSE. Turning COR/CCC into losses as (1 − x) is our reading (as ANCLaF).
 *   Class balance (eq.5 Σ n_i/N, L65, L73): the ANCLaF operative form (train/losses.ts: inverse-frequency weights
 *   over joint V×A bins, normalised in the batch, weighted moments), reused.
 * - L_D = −L_adv + λ_afc L_afc^r (eq.9), L_G = L_adv + λ_afc L_afc^f + λ_rec L_rec (eq.10): CD learns V/A on real
 *   (clean) images, AEG is pushed so that CD's V/A on its output is right. λ's are not given: adv 1, afc 1, rec 10.
 * - Phase "Disc" (L104): CD alone on the input frames (no AEG, no z, no audio) with a plain ℓ2 (MSE) loss.
 *
 * Schedule (P002:L93, L104): progressive Disc (ℓ2) → AEG-CD → + z + audio (`schedule` epochs per phase;
 * schedule.ts). Epoch counts are not in the paper (~2 days on a Titan X, L93).
 * Output + labels: tanh; labels / labelRange ∈ [−1, 1] (Aff-Wild2 and SEWA are on [−1, 1] → 1; AFEW-VA 10).
 * `audio: false` is the audio ablation (#6: "with and without audio"): the last phase feeds zeros in place of the
 * audio map, so the model is AEG-CD-SZ without audio (z still joins CD); the weights are the same set. Selection
 * (engine/train/aeg-trainer.ts) is among the LAST phase's epochs only: the earlier phases are its pre-training and
 * their inputs differ. `frameStride` / `evalStride` as ANCLaF's (training on every k-th frame, validation and test
 * on every k-th; neither is in the papers): every frame at `thesis`, every 4th / 2nd at `compact`.
 * Optimiser (not in the papers): Adam lr 1e-4, β (0.5, 0.999) as ANCLaF. Degradations (L45): the ANCLaF set.
 * `lrSchedule` and `emaDecay` (absent = constant lr, raw weights; not in the papers) as ANCLaF's (models/anclaf/
 * config.ts), per PHASE: 'cosine' anneals the lr from `optimiser.lr` to 0 within each phase and restarts at the
 * next one (SGDR's warm restarts; each phase changes CD's inputs and losses, so each gets the whole curve), and the
 * weight average restarts from the current weights at each phase's first step (an average across a phase boundary
 * would mix weights trained for other inputs). The average is what is validated, selected and saved as best.
 * `flip` (absent = off; not in P002) mirrors training crops left–right with probability ½, as ANCLaF's.
 * `strideCycle` (absent = off) starts each epoch's strided training subset one frame later, as ANCLaF's.
 * Measured (#6, bench/anclaf-acceptance.sh MODEL=aeg-cd-sz, the 32-subject mixed world of the ANCLaF numbers, fold 1:
 * 22 train / 2 val / 8 test subjects, compact, 25 epochs = 5 + 10 + 10, stride 4, tfjs-node): at lr 1e-3 (ANCLaF's
 * acceptance lr) the first AEG-CD epoch saturates CD's tanh (validation CCC 0.000, RMSE 11 on the ±10 scale), so the
 * runs use 3e-4. Held-out CCC mean (V / A), with audio against --no-audio: at the selected epochs .534 (.394 / .674)
 * against .430 (.238 / .622), video-degraded frames .469 against .399; at the last epoch (bench/aeg-checkpoints.bench.ts)
 * .525 (.280 / .771) against .493 (.343 / .643), video-degraded .431 against .433. Arousal, which the synthetic voice
 * carries, gains in both (+.05, +.13); valence does not consistently. The validation curves of the last phase swing by
 * up to .37 between epochs (two validation subjects), so the selected epoch is partly luck; one seed each. Far below
 * ANCLaF's .80 on the same fold: neither cosine lr nor weight averaging exists here, and P002's schedule is short.
 * Presets: `thesis` 128² (G 64/128, CD 64-128-256-512-1024 → 4² → 2² heads, V/A head 512) and `compact` 64²
 * (G 16/32, CD 32-64-128-256 → 4² → 2² heads, V/A head 64) for CPU/wasm machines.
 */
import { AppError } from '../../../../shared/ipc/errors'
import {
  anclafConfig,
  DEGRADATION_KINDS,
  type AnclafConfig,
  type ClassWeightsConfig,
  type DegradeConfig,
  type OptimiserConfig
} from '../anclaf/config'
import { augmentFieldsProblem } from '../../train/crop-jitter'
import { scheduleFieldsProblem, type LrSchedule } from '../../train/schedule'

export type AegPreset = 'thesis' | 'compact'

export interface AegPhaseEpochs {
  readonly disc: number
  readonly aegCd: number
  readonly full: number
}

export interface AegConfig {
  readonly model: 'aeg-cd-sz'
  readonly preset: AegPreset
  readonly inputSize: number
  readonly cropPolicy: 'compact-64' | 'thesis-128'
  readonly g: AnclafConfig['g']
  readonly cd: { readonly widths: readonly number[]; readonly vaHeadChannels: number; readonly leak: number }
  /** Audio feature dimension (2 LLD frames × 25 eGeMAPS LLDs). */
  readonly audioDim: number
  readonly loss: { readonly adv: number; readonly afc: number; readonly rec: number; readonly recDirect: number }
  readonly classWeights: ClassWeightsConfig
  readonly optimiser: OptimiserConfig
  /** Learning rate within each phase (absent = 'constant': configs written before it existed stay byte-identical). */
  readonly lrSchedule?: LrSchedule
  /** Decay of the weight average that is validated, selected and saved as best (absent = none); reset at each phase. */
  readonly emaDecay?: number
  readonly batch: number
  readonly degrade: DegradeConfig
  /** Mirror each training crop left–right with probability ½ (absent = never; as ANCLaF's `flip`). */
  readonly flip?: boolean
  /** Random affine jitter of each training crop, amount in [0, 0.3] (absent = none; not from the papers, see train/crop-jitter.ts). */
  readonly jitter?: number
  readonly schedule: AegPhaseEpochs
  /** false: the last phase without audio (zeros), the audio ablation. */
  readonly audio: boolean
  readonly frameStride: number
  /** Start each epoch's strided subset one frame later, so `frameStride` epochs see every frame (absent = off). */
  readonly strideCycle?: boolean
  readonly evalStride: number
  readonly seed: number
  readonly labelRange: number
}

const BASE = {
  model: 'aeg-cd-sz',
  audioDim: 50,
  loss: { adv: 1, afc: 1, rec: 10, recDirect: 0 },
  classWeights: { form: 'inverse-frequency', bins: 10 },
  optimiser: { name: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.999, eps: 1e-8 },
  batch: 16,
  degrade: { enabled: true, probability: 0.8, kinds: DEGRADATION_KINDS },
  schedule: { disc: 5, aegCd: 10, full: 10 },
  audio: true,
  frameStride: 1,
  evalStride: 1,
  seed: 1,
  labelRange: 1
} as const

export const AEG_PRESETS: Readonly<Record<AegPreset, AegConfig>> = {
  thesis: {
    ...BASE,
    preset: 'thesis',
    inputSize: 128,
    cropPolicy: 'thesis-128',
    g: { widths: [64, 128], resBlocks: 2, resConvs: 3 },
    cd: { widths: [64, 128, 256, 512, 1024], vaHeadChannels: 512, leak: 0.2 }
  },
  compact: {
    ...BASE,
    preset: 'compact',
    inputSize: 64,
    cropPolicy: 'compact-64',
    g: { widths: [16, 32], resBlocks: 2, resConvs: 3 },
    cd: { widths: [32, 64, 128, 256], vaHeadChannels: 64, leak: 0.2 },
    frameStride: 4,
    evalStride: 2
  }
}

export type AegOverrides = Partial<Omit<AegConfig, 'loss' | 'optimiser' | 'degrade' | 'classWeights' | 'schedule'>> & {
  readonly loss?: Partial<AegConfig['loss']>
  readonly optimiser?: Partial<AegConfig['optimiser']>
  readonly degrade?: Partial<AegConfig['degrade']>
  readonly classWeights?: Partial<AegConfig['classWeights']>
  readonly schedule?: Partial<AegConfig['schedule']>
}

function bad(message: string): never {
  throw new AppError('INVALID_ARGUMENT', `AEG-CD-SZ config: ${message}`)
}
const posInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0
const nonNegInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0

/** The ANCLaF config whose G is AEG (only `g`, `inputSize`, `seed` matter to generator.ts). */
export function generatorConfig(c: AegConfig): AnclafConfig {
  return anclafConfig(c.preset, { g: c.g, seed: c.seed })
}

/** Size of G's latent / CD's Conv2 map. */
export const zSize = (c: Pick<AegConfig, 'inputSize'>): number => c.inputSize / 4

export function validateAegConfig(c: AegConfig): AegConfig {
  if (c.model !== 'aeg-cd-sz') bad(`model must be 'aeg-cd-sz', got ${JSON.stringify(c.model)}`)
  const expected = c.inputSize === 128 ? 'thesis-128' : c.inputSize === 64 ? 'compact-64' : null
  if (expected === null) bad(`inputSize must be 64 or 128, got ${c.inputSize}`)
  if (c.cropPolicy !== expected) bad(`cropPolicy '${c.cropPolicy}' does not match inputSize ${c.inputSize} (use '${expected}')`)
  if (c.g.widths.length !== 2 || !c.g.widths.every(posInt) || !posInt(c.g.resBlocks) || !posInt(c.g.resConvs)) bad('g must have two positive widths and positive resBlocks/resConvs')
  if (c.cd.widths.length < 3 || !c.cd.widths.every(posInt)) bad('cd.widths must list at least 3 positive integers (z joins after Conv2)')
  const last = c.inputSize / 2 ** c.cd.widths.length
  if (last < 3) bad(`cd.widths: ${c.cd.widths.length} stride-2 convs on ${c.inputSize}² leave ${last}×${last}; the unpadded 3×3 heads need ≥ 3×3`)
  if (!posInt(c.cd.vaHeadChannels)) bad('cd.vaHeadChannels must be a positive integer')
  if (!(c.cd.leak >= 0 && c.cd.leak < 1)) bad('cd.leak must be in [0, 1)')
  if (!posInt(c.audioDim)) bad('audioDim must be a positive integer')
  for (const [k, v] of Object.entries(c.loss)) if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) bad(`loss.${k} must be a finite number ≥ 0`)
  if (c.classWeights.form !== 'inverse-frequency' && c.classWeights.form !== 'none') bad(`classWeights.form must be 'inverse-frequency' or 'none'`)
  if (!posInt(c.classWeights.bins) || c.classWeights.bins < 2) bad('classWeights.bins must be an integer ≥ 2')
  const o = c.optimiser
  if (!(o.lr > 0 && o.lr < 1) || !(o.beta1 >= 0 && o.beta1 < 1) || !(o.beta2 >= 0 && o.beta2 < 1) || !(o.eps > 0)) bad('optimiser: lr in (0, 1), betas in [0, 1), eps > 0')
  const sched = scheduleFieldsProblem(c)
  if (sched) bad(sched)
  const aug = augmentFieldsProblem(c)
  if (aug) bad(aug)
  if (!posInt(c.batch) || c.batch < 2) bad('batch must be an integer ≥ 2 (correlation terms need two samples)')
  if (!(c.degrade.probability >= 0 && c.degrade.probability <= 1)) bad('degrade.probability must be in [0, 1]')
  for (const k of c.degrade.kinds) if (!DEGRADATION_KINDS.includes(k)) bad(`degrade.kinds: unknown '${k}'`)
  const s = c.schedule
  if (!nonNegInt(s.disc) || !nonNegInt(s.aegCd) || !nonNegInt(s.full) || s.disc + s.aegCd + s.full === 0) bad('schedule: epochs per phase must be integers ≥ 0, not all 0')
  if (typeof c.audio !== 'boolean') bad('audio must be true or false')
  if (!posInt(c.frameStride) || !posInt(c.evalStride)) bad('frameStride and evalStride must be positive integers')
  if (c.strideCycle !== undefined && typeof c.strideCycle !== 'boolean') bad('strideCycle must be true or false')
  if (!Number.isSafeInteger(c.seed)) bad('seed must be an integer')
  if (!(c.labelRange > 0)) bad('labelRange must be > 0')
  return c
}

export function aegConfig(preset: AegPreset, o: AegOverrides = {}): AegConfig {
  const base = AEG_PRESETS[preset]
  if (!base) bad(`unknown preset '${String(preset)}' (known: thesis, compact)`)
  return validateAegConfig({
    ...base,
    ...o,
    preset,
    loss: { ...base.loss, ...o.loss },
    optimiser: { ...base.optimiser, ...o.optimiser },
    degrade: { ...base.degrade, ...o.degrade },
    classWeights: { ...base.classWeights, ...o.classWeights },
    schedule: { ...base.schedule, ...o.schedule }
  } as AegConfig)
}
