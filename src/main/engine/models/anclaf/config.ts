/**
 * ANCLaF stage 1 configuration: defaults, presets and validation.
 *
 * Line citations: P000 = shared/papers/000_*.txt (ANCLaF paper), T = 001_*.txt (thesis), P002 = 002_*.txt.
 *
 * Architecture (followed as published, Appendix A):
 * - G (Table A.1, T:L2187-2202): conv 4/s2 w0 → conv 4/s2 w1 → two residual blocks of three 3×3 convs
 *   (Z = R1 + Conv43; the table's "Conv3" input is read as Conv2) → deconv 4/s2 w1, w0 → conv 3×3 tanh 3.
 *   ReLU + InstanceNorm throughout, no encoder-decoder skips (P002:L49). Z = 128×32×32 at 128² (thesis preset).
 * - D (Table A.2, T:L2204-2213): 4/s2 convs with LeakyReLU 0.2, then two parallel 3×3/s1 *unpadded* heads on the
 *   last map: real/fake with 1 channel (the table's 512 filters would not be a decision; a PatchGAN-style 2×2 map of
 *   logits) and Q with `qHeadChannels` channels (512 in the table) followed by the FC of eq. 6.2 (T:L1596) to 4
 *   quadrant logits. D sees ONLY G's output (P000:L60-62; T:L1594-1596) — real examples are clean images, fake
 *   ones G(x̃).
 * - C (Table A.3, T:L2215-2225, non-sequence part; P000 eq.3 L66): enc_C = 4/s2 LReLU convs on ZQ down to 1×1,
 *   then FC (hidden `fcHidden`, LReLU) → FC 2 → [V, A]. The W_a / LSTM rows belong to stage 2 (not built here).
 *
 * Decisions the papers leave open (each is a field below):
 * - Q tiling (`qTiling`, P000:L64 "layer-wise concatenation", T:L1598 — tiling unspecified): Q = softmax of D's
 *   4 quadrant logits on G's output (eq.3: C([G(I); D(G(I))])), each probability broadcast to one constant
 *   H_Z×W_Z channel, so ZQ has C_Z + 4 channels. Q reaches C at training AND inference (the published code
 *   slices Q off before C: we do not). Q enters ZQ as a value (no gradient into D through C).
 * - Whether C's loss reaches G/D in stage 1 (unstated, P000:L93, L109; T:L1648): `affectToG` (default true) lets
 *   the affect loss train G's encoder through Z — eq.9 (P000:L95) writes one objective summing the adversarial and
 *   affect terms. D is trained only on its own terms (real/fake + quadrant CE on clean images), never by C's loss.
 * - Reconstruction term: eq.9 shows only the adversarial terms; the "modified adversarial training" it cites
 *   (P000:L93; P002 eq.2 L51) has a reconstruction loss. We add λ_rec·‖I − G(Ĩ)‖₁ (P002 uses a cycle form; a
 *   direct ℓ1 to the clean image is our simplification). `--no-denoise` drops G's reconstruction + adversarial
 *   terms (G becomes a plain encoder trained by C's loss only; D still learns Q on clean images).
 * - Optimiser (`optimiser`): Adam lr 1e-4, β = (0.5, 0.999), ε 1e-8 for G, D and C — NOT from the papers (neither
 *   P000, P002 nor T ch.5-7 give optimiser, learning rate, batch or epochs); β1 = 0.5 is the usual GAN choice.
 * - Batch (`batch`): 16 by default (not given in the papers).
 * - Learning-rate schedule (`lrSchedule`, absent = 'constant'; not from the papers) and weight averaging
 *   (`emaDecay`, absent = none; not from the papers). 'cosine' anneals every net's lr from `optimiser.lr` to 0 over
 *   all steps of the run's epochs (train/schedule.ts; a resume with another --epochs changes the remaining curve).
 *   With `emaDecay` d the trainer keeps an exponential moving average of G, D and C's weights (weight w_t =
 *   min(d, (1 + t)/(10 + t)) at update t, TensorFlow's warm-up), and it is the AVERAGE that is validated, selected
 *   and written to best.ckpt (so inference uses it); last.ckpt keeps the raw weights, Adam's state and the average,
 *   so a resume continues all three. Why: at lr 1e-3 and constant, the compact run's validation CCC swings by up to
 *   .25 between neighbouring epochs after the first 8 (32-subject mixed world: .40-.75 over epochs 17-40), so
 *   which epoch gets selected is largely luck on two validation subjects. Measured (bench/anclaf-acceptance.sh,
 *   32-subject mixed world, fold 1: 22 train / 2 val / 8 test subjects, lr 1e-3, tfjs-node), held-out CCC mean
 *   (V / A): constant lr, 40 epochs, raw weights: .747 (.711 / .783), selected epoch 17 at validation .749;
 *   cosine + EMA 0.998, 30 epochs: .785 (.721 / .849), selected epoch 20 at validation .615. After epoch 8 no two
 *   neighbouring epochs differ by more than .035 in validation (both averaged runs), and the selected validation
 *   score no longer overstates the test. The same recipe without G's denoising terms (--no-denoise) gives .822
 *   (.787 / .856), also better on the degraded frames (.754 against .685): on this world the denoiser does not
 *   help. With λ_rec 1 instead of 10 (--rec-weight 1) the full pipeline gives .803 (.756 / .850; degraded .718);
 *   without degraded inputs (--no-degrade, λ_rec 10) .765 (.697 / .833; degraded .625), and at λ_rec 1 .758 (.694 /
 *   .823; degraded .635, clean .821 against the full run's .848): the thesis's "Vi" (no noisy inputs) against
 *   "Vi-De" loses .060-.083 on the degraded frames at either weight. On fold 2 (other 8 test and 2 validation
 *   subjects, same settings, λ_rec 1) neither holds: the full run gives .715 (.635 / .794; degraded .610) and
 *   no-degrade .695 (.518 / .872; degraded .632). Folds 3 and 4 (full, same settings): .735 (.693 / .776; degraded
 *   .723) and .682 (.574 / .789; degraded .548), so over the four folds the full recipe averages .734 (.682-.803):
 *   ≥ 0.8 was fold 1's luck, and valence (.57-.76) is what falls short. No-degrade on fold 4: .628 (.502 / .755;
 *   degraded .545): over folds 1, 2, 4 the full run is ahead overall every time (+.045, +.020, +.054) but on the
 *   degraded frames only once clearly (+.083, −.022, +.003). One seed per fold (#6 notes). More subjects do not
 *   close it: a 64-subject world (same seed; 46 train / 2 val / 16 test, --frame-stride 8 so an epoch has as many
 *   frames, 20 epochs) gives .687 (.611 / .763) on fold 1 and .752 (.711 / .793) on fold 2.
 * - Quadrant definition (`quadrant`): Russell's circumplex (P000:L62): index 0 = V ≥ 0, A ≥ 0; 1 = V < 0, A ≥ 0;
 *   2 = V < 0, A < 0; 3 = V ≥ 0, A < 0. Ties (a value exactly 0) go to the non-negative side.
 * - Class weights (`classWeights`, P000 eq.10 L99, L105; T:L1900): as written Σ f_i/F(…) grows with frequency and
 *   the bracket does not depend on i, so it has no effect. Operative form: labels discretised into `bins` equal bins
 *   per dimension over the native range ("discretised by a value of 10" → 10 bins; joint V×A → 100 classes),
 *   counts f_i on the TRAINING split, per-sample weight w ∝ 1/f_{class}, normalised inside each batch to sum to 1;
 *   the weights enter RMSE as a weighted mean and COR/CCC/ICC as weighted moments. 'none' disables them.
 * - Affect loss (P000 eq.10-14, L99-103): RMSE + (1 − COR) + (1 − CCC) + (1 − ICC_paper) per dimension, summed over
 *   V and A. The papers write the metrics themselves; turning them into losses as (1 − x) is our reading. The
 *   paper's "ICC" (eq.14) is 2cov/(σ̂² + σ²): CCC without the mean term. Evaluation uses the standard CCC / ICC.
 * - Output activation + label scaling (`labelRange`): C ends in tanh; labels are divided by the dataset's native
 *   range (AFEW-VA 10, SEWA / Aff-Wild2 1) into [−1, 1]; predictions are multiplied back and RMSE is reported on
 *   the native scale.
 * - Degradations (P002:L45; T ch.3 L833-837; motion blur T:L1168): on the fly, seeded, applied to a fraction
 *   `degrade.probability` of each batch (the rest stays clean so G also learns the identity).
 * - Crop policy (READING-NOTES "Face crops"): landmark box + 1/8 per side, square (crops.ts) at `inputSize`.
 * - Mirroring (`flip`, absent = off): each training crop is mirrored left–right with probability ½ before it is
 *   degraded (G's clean target is mirrored with it; the labels do not change). Not in P000 / T ch.6; the thesis's
 *   tracker chapter trains with horizontal flips (T:L1180), and the field's affect models do too (e.g. P004 L348).
 *   Measured (#6, the fold-2 and fold-4 runs of the λ_rec-1 recipe below plus --flip): held-out .639 (.499 / .778)
 *   against .715 without, and .689 (.552 / .827) against .682: validation rose (.798 / .862 against .851 / .821),
 *   the test subjects did not, so the cross-subject gap is not one a mirror closes. Left off by default.
 * - Jitter (`jitter` a, absent = none): each training crop is resampled through a random affine map, x and y scales
 *   1 ± a apart, rotation ± a·60°, shift ± a/2 of the side (train/crop-jitter.ts), after the mirror and before the
 *   degradation. Not from P000; the thesis's tracker chapter rotates by ±45° (T:L575) and P004 takes random 224² crops
 *   of 256² (L348). Why try it here: in the synthetic world a subject's mouth is 0.88–1.12× the average width, more than
 *   a smile widens it, so a model that reads absolute mouth width confounds identity with valence; independent x / y
 *   scales make width in pixels unreliable and leave the corners' lift. Measured (#6, 32-subject world, the λ_rec-1
 *   recipe of fold 1 and 2 below plus --jitter 0.1): held-out .760 (.721 / .800; degraded .700) against .803, and
 *   .707 (.533 / .881; degraded .630) against .715; validation rose on fold 2 (.874 against .851) as with --flip,
 *   the test subjects did not. Left off by default.
 * - Input normalisation (`inputNorm`, absent = none; input-norm.ts): 'face-standardise' standardises every crop by
 *   the mean and spread of its centre window, after the training degradations and at inference, and G's clean target
 *   with it. Not from the papers. Why: bench/anclaf-posthoc.bench.ts on fold 2 (three recipes: λ_rec-1 full,
 *   no-degrade, jitter) reads test subject S05 at chance every time (valence CCC .16 / −.01 / .01, arousal .04-.09,
 *   valence spread .11-.31 of the labels'), and S05 is the only subject with dark skin in the 32-subject world: no
 *   training face shows its expression shading at its contrast. The same bench: a mirror test-time average lowers
 *   fold 2's held-out mean (.718 → .682), a moving average chosen on validation raises it a little (.718 → .734), and
 *   standardising each subject's outputs lowers it (.60-.63: the subjects' label means differ, sd 1.56 on ±10).
 *   Measured (#6, 32-subject world, the λ_rec-1 cosine + EMA recipe, 30 epochs, plus --input-norm): held-out .788
 *   (.764 / .813) on fold 1 against .803, .657 (.517 / .797) on fold 2 against .715 (seed 2 of the plain recipe: .700),
 *   .708 (.624 / .791) on fold 4 against .682: .718 over the three folds against .733. S05 stays at chance (valence CCC
 *   .14, PCC .45; arousal CCC .09, PCC .34 against .04-.18 before): the map raised its correlations a little and left
 *   its bias (−3.0 on ±10) and its spread (.32 of the labels'). So the dark face is not (only) a contrast problem.
 *   Left off by default.
 * - Input (`input`, absent = 'image'): 'spectrogram' trains the same G/D/C on each video frame's mel window instead
 *   of its face crop (G^S/D^S of AViGaS-NET, T ch.7 L1842-1850, L1904): the 128 × 128 window centred on the frame
 *   (media/audio/frame-window.ts, [max − 80, max] dB → [−1, 1], 3 replicated channels, row 0 = lowest mel) is
 *   box-averaged to `inputSize`² (2 × 2 blocks at 64², unchanged at 128²) and stored as uint8 like a crop
 *   ((x + 1)·127.5, 80 dB / 255 ≈ 0.31 dB steps), so the trainer and the degradations run unchanged
 *   (engine/data/spectrogram-crops.ts). `cropPolicy` then only names the size. Not from the thesis: the resize, the
 *   8-bit storage and applying the image degradations to spectrogram windows.
 *
 * Presets:
 * - `thesis`: Table A widths at 128² input (thesis-128 crops): G 64/128 (Z 128×32×32), D 64-128-256-512-1024
 *   (Conv5 4×4 → 2×2 heads, P002:L57), Q head 512, enc_C 64-128-256-512-1024 on 32² → 1², FC hidden 512.
 * - `compact`: 64² input (compact-64 crops) and narrower widths for CPU/wasm machines. At 64², D's five stride-2
 *   convs would leave a 2×2 map, too small for the 3×3 unpadded heads, and enc_C's five stride-2 convs would go
 *   below 1×1 on the 16² Z. So compact D has FOUR 4/s2 convs (64→4×4, heads → 2×2, exactly the thesis geometry) and
 *   compact enc_C FOUR (16² → 1²). Widths: G 16/32 (Z 32×16×16; G's full-resolution decoder dominates the step time on
 *   wasm, so G is the narrowest), D 32-64-128-256, Q head 64, enc_C 64-128-128-256,
 *   FC hidden 128. Padding of every 4/s2 conv is 'same' (1 pixel per side, which halves even sizes exactly).
 *   compact trains on every 4th labelled frame (`frameStride`) and validates on every 2nd (`evalStride`).
 * - Stride cycling (`strideCycle`, absent = off): with it, epoch e trains on frames (e − 1) mod S, +S, +2S, … instead
 *   of the same 0, S, 2S, … every epoch, so S epochs use every labelled frame at the cost of one subset per epoch
 *   (train/frame-set.ts `epochTrainFrames`). Not from the papers (which train on every frame, stride 1).
 *   Measured (#6, 32-subject world, the λ_rec-1 cosine + EMA recipe below, 30 epochs, all four folds, plus
 *   --stride-cycle): held-out .823 (.776 / .870) on fold 1 against .803, .653 (.526 / .780) on fold 2 against .715,
 *   .742 (.711 / .773) on fold 3 against .735, .674 (.569 / .780) on fold 4 against .682: mean .723 against .734.
 *   Validation rose on folds 3 and 4 (.683 against .659, .857 against .821) and fell on fold 2 (.827 against .851);
 *   the held-out subjects did not follow. Four times the distinct frames of the same 22 faces do not close the
 *   cross-subject gap. Left off by default.
 * - Measured cost (2-core machine, wasm backend, custom conv gradients): compact ≈ 2-5 s per batch-16 step
 *   (G's full-resolution decoder dominates); thesis (29 M parameters) at batch 16 aborts the wasm backend
 *   (out of wasm memory); at batch 4 it runs at ≈ 45 s per step — thesis needs a tfjs-node(-gpu) backend.
 */
import { AppError } from '../../../../shared/ipc/errors'
import { augmentFieldsProblem } from '../../train/crop-jitter'
import { inputNormProblem, type InputNorm } from './input-norm'
import { scheduleFieldsProblem, type LrSchedule } from '../../train/schedule'

export type AnclafPreset = 'thesis' | 'compact'
/** What stage 1 sees per video frame: the face crop (G^I/D^I) or the frame's mel-spectrogram window (G^S/D^S). */
export type Stage1Input = 'image' | 'spectrogram'
export const STAGE1_INPUTS: readonly Stage1Input[] = ['image', 'spectrogram']
export type DegradationKind = 'downsample' | 'gaussian-blur' | 'gaussian-noise' | 'intensity' | 'motion-blur'
export const DEGRADATION_KINDS: readonly DegradationKind[] = ['downsample', 'gaussian-blur', 'gaussian-noise', 'intensity', 'motion-blur']

/** Training settings shared by the stage-1 models (ANCLaF, AEG-CD-SZ). */
export interface ClassWeightsConfig {
  readonly form: 'inverse-frequency' | 'none'
  readonly bins: number
}
export interface OptimiserConfig {
  readonly name: 'adam'
  readonly lr: number
  readonly beta1: number
  readonly beta2: number
  readonly eps: number
}
export interface DegradeConfig {
  readonly enabled: boolean
  readonly probability: number
  readonly kinds: readonly DegradationKind[]
}

export interface AnclafConfig {
  readonly model: 'anclaf'
  readonly preset: AnclafPreset
  readonly inputSize: number
  readonly cropPolicy: 'compact-64' | 'thesis-128'
  /** Absent = 'image' (configs written before spectrogram inputs existed stay byte-identical). */
  readonly input?: Stage1Input
  readonly g: { readonly widths: readonly [number, number]; readonly resBlocks: number; readonly resConvs: number }
  readonly d: { readonly widths: readonly number[]; readonly qHeadChannels: number; readonly leak: number }
  readonly c: { readonly widths: readonly number[]; readonly fcHidden: number; readonly leak: number }
  readonly qTiling: 'probabilities'
  readonly affectToG: boolean
  /** G gets its reconstruction + adversarial losses (false = the "no denoising" ablation). */
  readonly denoise: boolean
  readonly loss: { readonly adv: number; readonly rec: number; readonly quadrant: number; readonly affect: number }
  readonly classWeights: ClassWeightsConfig
  readonly optimiser: OptimiserConfig
  /** Learning rate over the run (absent = 'constant': configs written before it existed stay byte-identical). */
  readonly lrSchedule?: LrSchedule
  /** Decay of the exponential moving average of the weights that is validated, selected and saved as best (absent = none). */
  readonly emaDecay?: number
  readonly batch: number
  readonly degrade: DegradeConfig
  /** Mirror each training crop left–right with probability ½ (absent = never; not from P000, see below). */
  readonly flip?: boolean
  /** Random affine jitter of each training crop, amount in [0, 0.3] (absent = none; not from the papers, see train/crop-jitter.ts). */
  readonly jitter?: number
  /** Photometric normalisation of every input, training and inference (absent = none; input-norm.ts). */
  readonly inputNorm?: InputNorm
  /** Train on every n-th labelled frame (each epoch shuffles the subset). */
  readonly frameStride: number
  /** Start each epoch's strided subset one frame later, so `frameStride` epochs see every frame (absent = off). */
  readonly strideCycle?: boolean
  /** Validate / test on every n-th frame. */
  readonly evalStride: number
  readonly seed: number
  /** Native label range: labels/labelRange ∈ [−1, 1] (AFEW-VA 10, SEWA / Aff-Wild2 1). */
  readonly labelRange: number
}

const BASE = {
  model: 'anclaf',
  qTiling: 'probabilities',
  affectToG: true,
  denoise: true,
  loss: { adv: 1, rec: 10, quadrant: 1, affect: 1 },
  classWeights: { form: 'inverse-frequency', bins: 10 },
  optimiser: { name: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.999, eps: 1e-8 },
  batch: 16,
  degrade: { enabled: true, probability: 0.8, kinds: DEGRADATION_KINDS },
  frameStride: 1,
  evalStride: 1,
  seed: 1,
  labelRange: 10
} as const

export const ANCLAF_PRESETS: Readonly<Record<AnclafPreset, AnclafConfig>> = {
  thesis: {
    ...BASE,
    preset: 'thesis',
    inputSize: 128,
    cropPolicy: 'thesis-128',
    g: { widths: [64, 128], resBlocks: 2, resConvs: 3 },
    d: { widths: [64, 128, 256, 512, 1024], qHeadChannels: 512, leak: 0.2 },
    c: { widths: [64, 128, 256, 512, 1024], fcHidden: 512, leak: 0.2 }
  },
  compact: {
    ...BASE,
    preset: 'compact',
    inputSize: 64,
    cropPolicy: 'compact-64',
    g: { widths: [16, 32], resBlocks: 2, resConvs: 3 },
    d: { widths: [32, 64, 128, 256], qHeadChannels: 64, leak: 0.2 },
    c: { widths: [64, 128, 128, 256], fcHidden: 128, leak: 0.2 },
    frameStride: 4,
    evalStride: 2
  }
}

export type AnclafOverrides = Partial<Omit<AnclafConfig, 'loss' | 'optimiser' | 'degrade' | 'classWeights'>> & {
  readonly loss?: Partial<AnclafConfig['loss']>
  readonly optimiser?: Partial<AnclafConfig['optimiser']>
  readonly degrade?: Partial<AnclafConfig['degrade']>
  readonly classWeights?: Partial<AnclafConfig['classWeights']>
}

function bad(message: string): never {
  throw new AppError('INVALID_ARGUMENT', `ANCLaF config: ${message}`)
}

const posInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0
const finiteNonNeg = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0

/** What a stage-1 config consumes ('image' when the field is absent). */
export const stage1Input = (c: Pick<AnclafConfig, 'input'>): Stage1Input => c.input ?? 'image'

/** Spatial size of G's latent Z (two stride-2 convs). */
export const latentSize = (c: Pick<AnclafConfig, 'inputSize'>): number => c.inputSize / 4

/** Checks a full config; throws INVALID_ARGUMENT naming the field and the reason. Returns it unchanged. */
export function validateAnclafConfig(c: AnclafConfig): AnclafConfig {
  if (c.model !== 'anclaf') bad(`model must be 'anclaf', got ${JSON.stringify(c.model)}`)
  if (c.preset !== 'thesis' && c.preset !== 'compact') bad(`preset must be 'thesis' or 'compact', got ${JSON.stringify(c.preset)}`)
  if (!posInt(c.inputSize) || c.inputSize % 4 !== 0) bad(`inputSize must be a positive multiple of 4, got ${c.inputSize}`)
  const expectedPolicy = c.inputSize === 128 ? 'thesis-128' : c.inputSize === 64 ? 'compact-64' : null
  if (expectedPolicy === null) bad(`inputSize must be 64 (compact-64 crops) or 128 (thesis-128 crops), got ${c.inputSize}`)
  if (c.cropPolicy !== expectedPolicy) bad(`cropPolicy '${c.cropPolicy}' makes ${c.cropPolicy === 'thesis-128' ? 128 : 64}² crops but inputSize is ${c.inputSize} (use '${expectedPolicy}')`)
  if (c.input !== undefined && !STAGE1_INPUTS.includes(c.input)) bad(`input must be 'image' or 'spectrogram', got ${JSON.stringify(c.input)}`)
  if (c.g.widths.length !== 2 || !c.g.widths.every(posInt)) bad('g.widths must be two positive integers (Conv1, Conv2)')
  if (!posInt(c.g.resBlocks) || !posInt(c.g.resConvs)) bad('g.resBlocks and g.resConvs must be positive integers')
  if (c.d.widths.length < 1 || !c.d.widths.every(posInt)) bad('d.widths must be a non-empty list of positive integers')
  const dOut = c.inputSize / 2 ** c.d.widths.length
  if (dOut < 3) {
    bad(`d.widths: ${c.d.widths.length} stride-2 convs on a ${c.inputSize}² input leave a ${dOut}×${dOut} map; the unpadded 3×3 heads need at least 3×3 (use ${Math.floor(Math.log2(c.inputSize / 3))} convs or fewer)`)
  }
  if (!posInt(c.d.qHeadChannels)) bad('d.qHeadChannels must be a positive integer')
  const z = latentSize(c)
  const cOut = z / 2 ** c.c.widths.length
  if (c.c.widths.length < 1 || !c.c.widths.every(posInt)) bad('c.widths must be a non-empty list of positive integers')
  if (cOut < 1) bad(`c.widths: ${c.c.widths.length} stride-2 convs on the ${z}² latent go below 1×1 (use at most ${Math.log2(z)})`)
  if (!posInt(c.c.fcHidden)) bad('c.fcHidden must be a positive integer')
  for (const [k, v] of Object.entries(c.loss)) if (!finiteNonNeg(v)) bad(`loss.${k} must be a finite number ≥ 0, got ${v}`)
  if (c.classWeights.form !== 'inverse-frequency' && c.classWeights.form !== 'none') bad(`classWeights.form must be 'inverse-frequency' or 'none'`)
  if (!posInt(c.classWeights.bins) || c.classWeights.bins < 2) bad('classWeights.bins must be an integer ≥ 2')
  const o = c.optimiser
  if (!(o.lr > 0 && o.lr < 1)) bad(`optimiser.lr must be in (0, 1), got ${o.lr}`)
  if (!(o.beta1 >= 0 && o.beta1 < 1) || !(o.beta2 >= 0 && o.beta2 < 1)) bad('optimiser.beta1/beta2 must be in [0, 1)')
  if (!(o.eps > 0)) bad('optimiser.eps must be > 0')
  const sched = scheduleFieldsProblem(c)
  if (sched) bad(sched)
  const aug = augmentFieldsProblem(c)
  if (aug) bad(aug)
  const norm = inputNormProblem(c)
  if (norm) bad(norm)
  if (!posInt(c.batch) || c.batch < 2) bad(`batch must be an integer ≥ 2 (correlation terms need two samples), got ${c.batch}`)
  if (!(c.degrade.probability >= 0 && c.degrade.probability <= 1)) bad('degrade.probability must be in [0, 1]')
  for (const k of c.degrade.kinds) if (!DEGRADATION_KINDS.includes(k)) bad(`degrade.kinds: unknown '${k}' (known: ${DEGRADATION_KINDS.join(', ')})`)
  if (c.degrade.enabled && c.degrade.kinds.length === 0) bad('degrade.kinds must not be empty when degrade.enabled')
  if (!posInt(c.frameStride) || !posInt(c.evalStride)) bad('frameStride and evalStride must be positive integers')
  if (c.strideCycle !== undefined && typeof c.strideCycle !== 'boolean') bad('strideCycle must be true or false')
  if (!Number.isSafeInteger(c.seed)) bad('seed must be an integer')
  if (!(c.labelRange > 0)) bad('labelRange must be > 0')
  return c
}

/** A preset with overrides applied (nested groups merged), validated. */
export function anclafConfig(preset: AnclafPreset, overrides: AnclafOverrides = {}): AnclafConfig {
  const base = ANCLAF_PRESETS[preset]
  if (!base) bad(`unknown preset '${String(preset)}' (known: thesis, compact)`)
  const merged: AnclafConfig = {
    ...base,
    ...overrides,
    preset,
    loss: { ...base.loss, ...overrides.loss },
    optimiser: { ...base.optimiser, ...overrides.optimiser },
    degrade: { ...base.degrade, ...overrides.degrade },
    classWeights: { ...base.classWeights, ...overrides.classWeights }
  } as AnclafConfig
  return validateAnclafConfig(merged)
}
