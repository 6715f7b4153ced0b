/**
 * Affective Processes (AP; P004 = shared/papers/004_*.txt, Sanchez et al.): a latent-only neural process over the
 * per-frame features x_t and per-frame V/A predictions ŷ_t of a trained, FROZEN backbone (P004:L79-81, L96).
 *
 * Network (models/ap/model.ts), the paper's chosen latent-only model (Fig. 2, L96; "AP + Det." is only "on par",
 * L177): encoder q_φ = 3-layer MLP on (x_c, ŷ_c) → r_c ∈ ℝ^r (L67, L96); aggregation r_C = mean of the context r_c
 * (the text says "summation", the formula is 1/C Σ r_c: we follow the formula, L67); latent encoder = one shared
 * linear layer + two linear heads μ_C, σ_C (L96); z ∈ ℝ^z; decoder f_θ = 3-layer MLP on [x_t; z] → ỹ^μ_t, ỹ^σ_t
 * (L69, L96). Training draws z ~ N(μ_C, σ_C) (reparameterised, L106); test uses z = μ_C and ỹ = ỹ^μ (L96).
 *
 * Paper choices and the ambiguities we decided (each a field below or a fixed rule):
 * - Sizes: r = z = 128 (`rDim`, `zDim`; "d = 128", L67, L96); MLP width `hidden` 128 (Fig. 2's numbers are in the
 *   figure, not the text; 128 everywhere gives ≈ 314K parameters at x = 512, close to the "∼330K" of L232 —
 *   tested). x is the backbone's feature size (512 in the paper, L134): here enc_C's vector of the ANCLaF stage-1
 *   run (256 for the compact preset, 1024 for thesis), read from the data, never configured.
 * - "The input pseudolabels ŷ_t are firstly upsampled to match the dimension of the feature representation" (L96):
 *   `labelEmbed` 'linear' (default) = a learned linear map ℝ² → ℝ^x, then CONCATENATED with x_c ([x_c; up(ŷ_c)],
 *   2x inputs); 'repeat' tiles [v, a] to x values (no parameters). Concatenation vs addition is not stated: we
 *   concatenate (the encoder sees both unchanged).
 * - Decoder output (`decoderOutput`): 'direct' (the paper, default) decodes the mean from [x_t; z] alone; 'residual'
 *   (an addition) adds the backbone's own prediction of that frame, ỹ^μ_t = ŷ_t + f_θ(x_t, z)_μ, so the AP starts
 *   as its backbone and learns only the correction its context brings (the direct decoder has to re-learn the
 *   backbone's head from the same training subjects first). σ is decoded as before. Measured on the 20-subject
 *   severe synthetic world (4 folds, nll, 10 × 300 iterations): AP − backbone held-out mean CCC residual
 *   −.018/+.040/+.008/+.015 (pooled +.027) against direct −.030/+.050/+.040/+.041 (pooled +.032), validation alike
 *   (.513/.210/.383/.141 vs .510/.243/.384/.136): no gain, so direct stays the default. On the mixed world (seed 1,
 *   fold 1, nll, 10 × 300) residual gives AP − backbone +.067 on the 32-subject split (direct +.062) and −.023 on the
 *   48-subject one (direct −.009): no gain there either.
 * - Activations (not stated): ReLU between MLP layers, the last layer of each MLP linear (NP convention, [17]). The
 *   latent σ is σ_z = `latentSigmaFloor` + (1 − floor)·sigmoid(·) (floor 0.1, the NP reference implementations'
 *   parameterisation); the output σ is σ_y = `outputSigmaFloor` + softplus(·) (floor 0.01 on the [−1, 1] label
 *   scale: keeps the NLL bounded; the paper gives no form). ỹ^μ has no output activation.
 * - Labels: the AP works on the [−1, 1] scale (labels / `labelRange`), the scale the reg term's N(0, 1) assumes
 *   ("V and A take values in [−1, 1]", L100). The backbone's predictions (ANCLaF C: tanh) are on that scale already.
 * - Training context labels (L136): targets are always ground truth; the context labels of a SEQUENCE are its
 *   ground truth or its backbone predictions with probability `pseudoLabelP` = 0.5 (one draw per sequence; per frame
 *   is the other reading). Test context labels are always backbone predictions (L77-79, L136).
 * - Training context set (L136): "randomly chosen from 3 to the length of the given sequence" (`contextMin` 3):
 *   C ~ U{3 … |T|} frames drawn without replacement from the sequence's labelled frames; the target set T is the
 *   whole sequence (T ⊇ C, as in NPs, L65). No context selection in training ("only at test time", L89).
 * - Sequences (L136): `seqMin`…`seqMax` = 35…70 contiguous frames of a random training clip (start uniform, so
 *   clips count by length); one length per batch; a clip shorter than the length gives its whole self (masked).
 *   Batch `batch` = 16 sequences ("16 videos").
 * - Loss (eq.1, L100-106): L = L_nll + λ_kl·KL(q(z|T) ‖ q(z|C)) + λ_reg·L_reg with λ = 1 in the paper. Table 1
 *   (L154-159) has nll .660, nll+kl .659, nll+reg .662, nll+reg+kl .635 (mean CCC, SEWA val), and L171: "a
 *   combination of the maximum likelihood approach with our proposed regularisation slightly improves the numerical
 *   results … If we use the three losses together we observe a performance degradation". Default `loss` 'nll': the
 *   paper rates nll and nll+reg equal (.660 vs .662, "not significant enough"), and here nll selects better: on the
 *   20-subject severe synthetic world, 4 folds, the AP's VALIDATION CCC mean is higher with nll on 3 of 4 folds
 *   (.334/.243/.384/.136 vs .338/.232/.333/.117), because the reg term shrinks the means and widens σ (below).
 *   (Seed 2, nll: .386/.261/.350/.088 — again higher than nll+reg on 3 of 4.) Held-out test subjects, same folds:
 *   AP − backbone mean CCC nll −.047/+.050/+.040/+.041 (pooled over the 20 subjects +.022), seed 2 −.064/+.021/
 *   +.017/+.006 (pooled −.012), nll+reg −.089/+.028/+.031/−.026 (+.003): no loss makes the AP reliably better than
 *   its backbone on this world (valence is at chance for both); σ is larger on degraded frames under every loss,
 *   fold and seed. (nll+reg was the default until this comparison; #11 closing note.) Over backbones whose valence
 *   is above chance (MIXED-severity world, seed 11, fold 1, nll, 10 × 300 iterations) the result depends on the
 *   split: 32 subjects (22 train, 2 val, 8 test; backbone held-out CCC .712/.785), seeds 1/2/3: AP − backbone mean
 *   CCC +.062/+.073/+.075 (both dimensions, clean and degraded frames), σ larger on degraded frames (d .46/.38/.54),
 *   lowest-σ context above random above highest-σ in every seed; 48 subjects (34/2/12; backbone .675/.761), seeds
 *   1/2: −.009/−.011 (arousal +.03, valence −.05), σ barely larger on degraded frames (d .07/.15). Neither the
 *   protocol nor the budget explains the 48-subject result: trained on 16 subjects NEITHER backbone saw
 *   (bench/ap-acceptance.sh PROTOCOL=disjoint, AP_SUBJECTS 16, same test subjects) the gain is +.069/+.037 on the
 *   32-subject split and +.001/+.012 on the 48-subject one (seeds 1/2), and the paper's 25 × 1000 iterations on the
 *   48-subject split give +.001. bench/ap-headroom.bench.ts shows why: on the 32-subject split the AP (.818-.822)
 *   beats both a refit linear head on the same features (.778-.786) and the backbone's predictions smoothed over 11
 *   frames (.767), so its context adds; on the 48-subject split smoothing gives .731 and a refit head .709-.738 over
 *   the backbone's .718 — that backbone's errors vary slowly (smoothing removes little) and its head is about as
 *   good as a refit, so there is little for context predicted by the backbone itself to correct; the AP stays at
 *   .709-.730. Over the 64-subject world's backbones (seed 11, 46/2/16 subjects, cosine + EMA stage 1, held-out
 *   .686 / .751 on folds 1 / 2; paper protocol, nll, 10 × 300) the AP gains +.007 / +.011 (valence +.022 / +.023,
 *   arousal −.007 / −.001) and σ is larger on degraded frames (d .32 / .15): a well-selected backbone leaves the AP
 *   a gain the size of its seed spread (±.02 on the 48-subject split). Every combination can be chosen. Normalisation (not stated): NLL and reg are means over target
 *   frames and the two dimensions; the KL (summed over z's dimensions) is divided by the sequence's |T| so that it
 *   keeps its ELBO weight relative to a per-frame NLL. q(z|T) encodes the targets with their ground truth.
 *   One z sample per sequence (reparameterisation trick, L106).
 * - L_reg = D_KL(N(Σ ỹ^μ_t, Σ ỹ^σ_t) ‖ N(0, 1)) (L100) read as the MEAN over target frames (and V, A) of the
 *   per-frame KL(N(ỹ^μ_t, ỹ^σ_t) ‖ N(0, 1)): a Gaussian with the summed means and summed σ's of 35-70 frames is no
 *   distribution of a label on [−1, 1], and the text motivates the term by the labels being "normally distributed
 *   around the origin" (per frame).
 *   What this reading does (tested in model.test.ts): with λ_reg = 1 the −log σ of the KL cancels the +log σ of the
 *   NLL, leaving e²/2σ² + (σ² + μ²)/2 per frame, so the best σ is √|e| (not |e| as under the NLL alone: σ follows
 *   the error's square root, and stays large, ≈ 0.4 on [−1, 1] where training errors are ≈ 0.2) and the best mean
 *   is y / (1 + σ²), shrunk towards 0 on top of the regression-to-the-mean of any NLL-trained mean. CCC pays for
 *   that shrinkage (it counts a narrower trace as disagreement); the backbone, trained on CCC terms, does not shrink.
 *   On the 20-subject severe synthetic world the AP's test traces have about half the gold's spread (std .10-.22
 *   vs .32-.39) under nll+reg; under nll (the default) σ is narrower and the traces shrink less (std .15-.26).
 * - Optimiser (L136): Adam (β 0.9, 0.999), lr 2.5e-4, weight decay 1e-4 as an L2 term added to the gradient
 *   (PyTorch's Adam `weight_decay`; the paper is in PyTorch, L134), cosine annealing of the lr from `lr` to 0 over
 *   all iterations (SGDR [40] without restarts: the paper names no restarts). 25 epochs × 1000 iterations
 *   (`epochs`, `itersPerEpoch`). Not from the paper: validation after every epoch with the test-time procedure and
 *   selection of the best epoch on validation mean CCC (the paper selects nothing explicitly; our rule for every
 *   model: never on the test fold).
 * - Test-time context selection (L87-89, L148): every frame alone is a context (r_C = r_c); its latent σ_C(r_c) is
 *   computed; the `contextPoints` = 40 frames with the lowest ‖σ_c‖₂ (over z's dimensions) form the context, then
 *   r_C = mean of their r_c (no recomputation, L89). `selection` 'lowest' (paper) | 'random' | 'highest' (Fig. 3's
 *   comparisons, L145) for ablations. Frames without a feature (no face) are never context and get no output.
 * - Windows and stitching (the paper tests on fixed 70-frame windows, L136, and has no whole-session policy):
 *   `window` = 70 frames, `hop` = 35 (50 % overlap; hop = window gives disjoint windows). Context is selected inside
 *   each window (`testContext` 'window', the paper's setting: 40 of 70) or once over the whole session ('session':
 *   one z per session — our extension, an ablation). Windows start at 0, hop, 2·hop, … and a last one ends at the
 *   session end; a session shorter than the window is one window. Each window's predictive Gaussians are
 *   cross-faded with triangular weights w(p) = min(p + 1, W − p) (p = position in the window), so a frame's output
 *   moves smoothly from one window's z to the next: μ = Σ w μ_k / Σ w, σ² = Σ w (σ_k² + μ_k²) / Σ w − μ² (the
 *   weighted MIXTURE of the windows' predictive distributions: disagreeing windows widen the band).
 * - Training subjects (not a config field: the split decides). P004 trains the backbone and the AP on the same
 *   training partition (L134). The output σ is fitted to the residuals of the AP's training frames, and a small
 *   backbone has memorised its own: on the synthetic acceptance world (5 training subjects) its error on degraded
 *   training frames is SMALLER than on the very same frames rendered clean (|e| V/A .17/.17 vs .27/.24, while on
 *   held-out subjects it is larger; bench/ap-degradation-cost.bench.ts), so with the paper's protocol σ learns
 *   "degraded → small error". Training the AP on subjects the backbone never saw (bench/ap-acceptance.sh
 *   PROTOCOL=disjoint) removes that inversion but is no cure here: the AP memorises its own few training subjects
 *   the same way, and on new subjects these degradations cost the backbone little (5 of the 7 kinds are in its
 *   stage-1 augmentation), so σ on held-out degraded frames follows the feature shift of each kind (up for
 *   occlusion, down for low-light) rather than the error. Nothing in the code enforces either protocol.
 *   Where degradation removes what the face says (synth --degrade-severity severe: an occluder from brows to chin,
 *   a near-black frame), no backbone can memorise those frames, their training residuals are large, and σ follows
 *   them on held-out subjects under the paper's protocol (bench/ap-acceptance.sh SEVERITY=severe; numbers in the
 *   #11 closing note). σ then means what it should: uncertainty where information is missing, not where pixels
 *   merely look different.
 * - Sampled functions (L96, L110, Fig. 4 L174): S = `samples` (10 as in Fig. 4) functions f_θ(·, z_s) with
 *   z_s ~ N(μ_C, σ_C). One ε_s ∈ ℝ^z per sample for the whole session (z_s,k = μ_C,k + σ_C,k ⊙ ε_s in window k), so a
 *   sampled function stays one coherent draw across windows; it is the decoder's mean at z_s (no observation noise
 *   added), stitched with the same weights. Seeded by `seed` → reproducible.
 */
import { AppError } from '../../../../shared/ipc/errors'

export type ApLoss = 'nll' | 'nll+kl' | 'nll+reg' | 'nll+reg+kl'
export const AP_LOSSES: readonly ApLoss[] = ['nll', 'nll+kl', 'nll+reg', 'nll+reg+kl']
export type ApSelection = 'lowest' | 'random' | 'highest'
export const AP_SELECTIONS: readonly ApSelection[] = ['lowest', 'random', 'highest']
export type ApTestContext = 'window' | 'session'

export interface ApOptimiser {
  readonly lr: number
  readonly beta1: number
  readonly beta2: number
  readonly eps: number
  /** L2 weight decay added to the gradient (PyTorch Adam `weight_decay`). */
  readonly weightDecay: number
}

export interface ApConfig {
  readonly model: 'ap'
  readonly labelEmbed: 'linear' | 'repeat'
  /** 'direct': ỹ^μ = f_θ(x_t, z)_μ (the paper); 'residual': ỹ^μ = ŷ_t + f_θ(x_t, z)_μ (an addition, see above). */
  readonly decoderOutput: 'direct' | 'residual'
  readonly hidden: number
  readonly rDim: number
  readonly zDim: number
  readonly latentSigmaFloor: number
  readonly outputSigmaFloor: number
  readonly loss: ApLoss
  readonly lambdaKl: number
  readonly lambdaReg: number
  readonly seqMin: number
  readonly seqMax: number
  readonly contextMin: number
  readonly pseudoLabelP: number
  readonly batch: number
  readonly optimiser: ApOptimiser
  readonly epochs: number
  readonly itersPerEpoch: number
  readonly contextPoints: number
  readonly selection: ApSelection
  readonly testContext: ApTestContext
  readonly window: number
  readonly hop: number
  readonly samples: number
  /** Native label range: labels / labelRange ∈ [−1, 1] (AFEW-VA 10, SEWA / Aff-Wild2 1). */
  readonly labelRange: number
  readonly seed: number
}

export const AP_DEFAULTS: ApConfig = {
  model: 'ap',
  labelEmbed: 'linear',
  decoderOutput: 'direct',
  hidden: 128,
  rDim: 128,
  zDim: 128,
  latentSigmaFloor: 0.1,
  outputSigmaFloor: 0.01,
  loss: 'nll',
  lambdaKl: 1,
  lambdaReg: 1,
  seqMin: 35,
  seqMax: 70,
  contextMin: 3,
  pseudoLabelP: 0.5,
  batch: 16,
  optimiser: { lr: 2.5e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 },
  epochs: 25,
  itersPerEpoch: 1000,
  contextPoints: 40,
  selection: 'lowest',
  testContext: 'window',
  window: 70,
  hop: 35,
  samples: 10,
  labelRange: 1,
  seed: 1
}

export type ApOverrides = Partial<Omit<ApConfig, 'model' | 'optimiser'>> & { readonly optimiser?: Partial<ApOptimiser> }

function bad(message: string): never {
  throw new AppError('INVALID_ARGUMENT', `AP config: ${message}`)
}

const posInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0

/** Whether the loss has the KL(q(z|T) ‖ q(z|C)) / the output regulariser term. */
export const usesKl = (c: Pick<ApConfig, 'loss'>): boolean => c.loss.includes('kl')
export const usesReg = (c: Pick<ApConfig, 'loss'>): boolean => c.loss.includes('reg')

/** Checks a full config; throws INVALID_ARGUMENT naming the field. Returns it unchanged. */
export function validateApConfig(c: ApConfig): ApConfig {
  if (c.model !== 'ap') bad(`model must be 'ap'`)
  if (c.labelEmbed !== 'linear' && c.labelEmbed !== 'repeat') bad(`labelEmbed must be 'linear' or 'repeat', got '${String(c.labelEmbed)}'`)
  if (c.decoderOutput !== 'direct' && c.decoderOutput !== 'residual') bad(`decoderOutput must be 'direct' or 'residual', got '${String(c.decoderOutput)}'`)
  for (const k of ['hidden', 'rDim', 'zDim', 'batch', 'epochs', 'itersPerEpoch', 'contextPoints', 'window', 'hop', 'samples'] as const) {
    if (!posInt(c[k])) bad(`${k} must be a positive integer, got ${c[k]}`)
  }
  if (!(c.latentSigmaFloor >= 0 && c.latentSigmaFloor < 1)) bad(`latentSigmaFloor must be in [0, 1), got ${c.latentSigmaFloor}`)
  if (!(c.outputSigmaFloor > 0 && c.outputSigmaFloor < 1)) bad(`outputSigmaFloor must be in (0, 1) (σ_y = floor + softplus: a floor of 0 lets the NLL diverge), got ${c.outputSigmaFloor}`)
  if (!AP_LOSSES.includes(c.loss)) bad(`loss must be one of ${AP_LOSSES.join(', ')}, got '${String(c.loss)}'`)
  if (!(c.lambdaKl >= 0) || !(c.lambdaReg >= 0)) bad('lambdaKl and lambdaReg must be ≥ 0')
  if (!posInt(c.seqMin) || !posInt(c.seqMax) || c.seqMin > c.seqMax) bad(`seqMin … seqMax must be positive integers with seqMin ≤ seqMax, got ${c.seqMin} … ${c.seqMax}`)
  if (!posInt(c.contextMin)) bad(`contextMin must be a positive integer, got ${c.contextMin}`)
  if (!(c.pseudoLabelP >= 0 && c.pseudoLabelP <= 1)) bad(`pseudoLabelP must be a probability, got ${c.pseudoLabelP}`)
  const o = c.optimiser
  if (!(o.lr > 0 && o.lr < 1)) bad(`optimiser.lr must be in (0, 1), got ${o.lr}`)
  if (!(o.beta1 >= 0 && o.beta1 < 1) || !(o.beta2 >= 0 && o.beta2 < 1)) bad('optimiser.beta1/beta2 must be in [0, 1)')
  if (!(o.eps > 0)) bad('optimiser.eps must be > 0')
  if (!(o.weightDecay >= 0)) bad('optimiser.weightDecay must be ≥ 0')
  if (!AP_SELECTIONS.includes(c.selection)) bad(`selection must be one of ${AP_SELECTIONS.join(', ')}, got '${String(c.selection)}'`)
  if (c.testContext !== 'window' && c.testContext !== 'session') bad(`testContext must be 'window' or 'session', got '${String(c.testContext)}'`)
  if (c.hop > c.window) bad(`hop (${c.hop}) must not exceed window (${c.window}): frames between windows would get no output`)
  if (!(c.labelRange > 0)) bad('labelRange must be > 0')
  if (!Number.isSafeInteger(c.seed)) bad('seed must be an integer')
  return c
}

/** The defaults with overrides applied (the optimiser group merged), validated. */
export function apConfig(overrides: ApOverrides = {}): ApConfig {
  return validateApConfig({ ...AP_DEFAULTS, ...overrides, model: 'ap', optimiser: { ...AP_DEFAULTS.optimiser, ...overrides.optimiser } })
}
