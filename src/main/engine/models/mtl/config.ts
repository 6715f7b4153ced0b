/**
 * The multi-task AU / expression / V-A model of P003 (Nguyen et al., ABAW4 MTL; shared/papers/003_*.txt, "P003:Lnn"
 * = its line nn) on frozen per-frame features. Network in model.ts, losses in losses.ts.
 *
 * Paper-vs-here choices (each a field below or a fixed rule):
 * - BACKBONE (frozen): P003 uses a pretrained EfficientNet [16], not trained (L48, L145). It is not reachable here, so
 *   X = the per-frame enc_C latent vector of a trained ANCLaF stage-1 run (src/main/services/latents: 256-d for the
 *   compact preset, 1024-d for thesis), cached and never updated — the same frozen role, a different (weaker, V/A-only
 *   trained) encoder. Input 112² crops upscaled to 224 with random crop / flip (L125) do not apply: the crops are the
 *   stage-1 run's own (`cropPolicy` of its config).
 * - INPUT SCALE (`standardise`, ours): each feature dimension is z-scored with the training frames' mean and standard
 *   deviation (kept in the model's state and checkpoint, so inference applies the same). The enc_C vectors are small
 *   (rms ≈ 0.17 on the synthetic world) where EfficientNet's pooled features are O(1); unscaled, the FER logits start
 *   ≈ 0.03 after the cross-attention's a ⊙ ỹ (a sums to 1, so it shrinks the logits ≈ 8×) and SGD at P003's lr barely
 *   moves them. false = the features as they are.
 * - ANFL (L52-64, eq.1-3, after Luo et al. [14]):
 *   · v_i = σ(W_i X + b_i), one FC per AU (eq.1, L54); σ = ReLU (P003 names no σ; [14]'s node layers end in ReLU);
 *     node width `nodeDim` (unspecified; null = X's width, as [14]'s per-AU layers keep the channel count).
 *   · FGG (L56): edge weight = dot product v_i·v_j of the node features of the SAME frame; each node keeps its
 *     `neighbours` strongest edges (kNN, k unspecified: 4, [14]'s default); self-similarity counts (a node is usually
 *     its own nearest neighbour). The graph is built from the node features without gradient (as in [14]: the
 *     topology is a selection, not a differentiable function). GCN (one layer, [14]'s form):
 *     v' = ReLU(v + BN(Â·V(v) + U(v))), Â = D^−½ A D^−½ (row degrees of the binary kNN graph), U, V: D×D FCs, BN over
 *     the 12 nodes (`gcnBatchNorm`; false = no BN).
 *   · ŷ_AU,i = cos(ReLU(v_i^FGG), ReLU(s_i)) ∈ [0, 1] with a learned s_i per AU (eq.3, L62-64); ε = 1e-8 in the norms.
 * - FER head: ỹ_EX = W_EX X + b_EX, 8 logits (eq.5). Cross-attention (eq.6-8, L76-88): query = the 12 AU
 *   PROBABILITIES ŷ_AU, key = value = ỹ_EX: h = W_v tanh(W_q ŷ_AU + W_k ỹ_EX) (8 scores, no biases: "W_q, W_k, W_v are
 *   trainable parameters"), a = softmax(h), ŷ_EX = a ⊙ ỹ_EX — the logits that enter the softmax of eq.11 and the
 *   prediction. Attention width `attentionDim` (unspecified: 32). `crossAttention: false` = the "w/o cross attention"
 *   row of Table 1 (ŷ_EX = ỹ_EX).
 * - V/A head: FC → BN → tanh (L71; eq.4 omits BN but the text and Table 3 use it); `vaBatchNorm: false` = Table 3's
 *   "FC + Tanh" row. BN: batch statistics in training, running averages (momentum `bnMomentum`, PyTorch's 0.1) at
 *   inference and for frozen parts.
 * - LOSSES (losses.ts): AU = weighted asymmetric loss (eq.9, L94) with w_i = N(1/r_i)/Σ_j(1/r_j), r_i = AU i's
 *   occurrence rate in the training frames (eq.10, L98); an AU that never occurs in training (r = 0: eq.10 is
 *   undefined) gets the smallest weight of the others (it still learns "absent", without swamping the rest).
 *   The asymmetric factor ŷ of the negative term: `auLoss.negativeWeight` 'through' (eq.9 as written: gradient through
 *   it) or 'detached' ([14]'s released code treats it as a constant weight). EX = weighted CE (eq.11, L102) with
 *   P_i = C(1/f_i)/Σ_j(1/f_j) over the training class frequencies (P003: "refactor weight calculated from training
 *   set", form unspecified: the eq.10 form; absent classes get the smallest weight). VA = (1 − CCC_V) + (1 − CCC_A)
 *   over the batch (eq.12, L111).
 * - SCHEDULE (L123, L145): 'separate' = the paper: AU branch first (AU loss), then the FER head + cross-attention on
 *   the AU branch's outputs (EX loss; the AU branch frozen — `exprUpdatesAu: true` lets EX update it too), V/A head
 *   independently (VA loss). Each task uses the frames that have its label and is selected on the validation subjects
 *   by its own metric (P_AU, P_EX, P_VA). 'joint' (ours, not the paper's): one loss λ_AU·L_AU + λ_EX·L_EX + λ_VA·L_VA
 *   per batch over every frame that has at least one label, each term masked to the frames that have its label
 *   (ABAW's −1 / −5), selected on validation P_MTL.
 * - OPTIMISER (L143): SGD + SAM (Foret et al. [3]: ascend to w + ρ·g/‖g‖, take the gradient there, step from w),
 *   lr 1e-3 with cosine decay over all steps of the task, batch 256, weight decay (value unspecified: 5e-4), momentum
 *   (unspecified: 0.9), ρ (unspecified: 0.05, SAM's default). `optimiser.name: 'sgd'` = without SAM (the "ANFL" row of
 *   Table 2). BN running statistics are updated on the first (unperturbed) pass of a SAM step only.
 * - `epochs` per task: unspecified in P003 (default 30; the synthetic world is small). A batch larger than a task's
 *   training frames is cut to the frame count. Measured (bench/mtl-acceptance.sh, 2000 training frames, 2-core wasm):
 *   P003's lr 1e-3 × batch 256 gives 7 steps per epoch and the AU branch does not leave "no AU" in 30 epochs
 *   (P_AU 0); lr 0.2 × batch 64 does. The AU phase costs ≈ 0.2 s per batch-64 SAM step at nodeDim 256.
 * - METRICS (eq.14-17, L129-139): P_AU = mean F1 of the 12 AUs at ŷ_AU ≥ `auThreshold` (0.5), P_EX = macro F1 of the 8
 *   classes (argmax), P_VA = mean of CCC_V and CCC_A; P_MTL = their sum (core/metrics/f1.ts: an AU absent from gold and
 *   predictions counts F1 0, as ABAW's scikit-learn evaluation does).
 */
import { AppError } from '../../../../shared/ipc/errors'

export type MtlTask = 'au' | 'expr' | 'va'
export const MTL_TASKS: readonly MtlTask[] = ['au', 'expr', 'va']

export interface MtlOptimiserConfig {
  readonly name: 'sgd-sam' | 'sgd'
  readonly lr: number
  readonly momentum: number
  readonly weightDecay: number
  /** SAM neighbourhood radius. */
  readonly rho: number
  /** Cosine decay of lr from `lr` to 0 over the task's steps (P003:L143); false = constant. */
  readonly cosine: boolean
}

export interface MtlConfig {
  readonly model: 'mtl'
  /** z-score the backbone features with training statistics. */
  readonly standardise: boolean
  /** Width of the per-AU node features; null = the backbone feature width. */
  readonly nodeDim: number | null
  /** k of the kNN graph. */
  readonly neighbours: number
  readonly gcnBatchNorm: boolean
  readonly attentionDim: number
  readonly crossAttention: boolean
  readonly vaBatchNorm: boolean
  readonly schedule: 'separate' | 'joint'
  readonly exprUpdatesAu: boolean
  readonly epochs: number
  readonly batch: number
  readonly optimiser: MtlOptimiserConfig
  readonly auLoss: { readonly negativeWeight: 'through' | 'detached' }
  readonly auWeights: 'inverse-rate' | 'none'
  readonly exprWeights: 'inverse-frequency' | 'none'
  readonly joint: { readonly au: number; readonly expr: number; readonly va: number }
  readonly auThreshold: number
  readonly bnMomentum: number
  readonly seed: number
}

export const MTL_DEFAULTS: MtlConfig = {
  model: 'mtl',
  standardise: true,
  nodeDim: null,
  neighbours: 4,
  gcnBatchNorm: true,
  attentionDim: 32,
  crossAttention: true,
  vaBatchNorm: true,
  schedule: 'separate',
  exprUpdatesAu: false,
  epochs: 30,
  batch: 256,
  optimiser: { name: 'sgd-sam', lr: 1e-3, momentum: 0.9, weightDecay: 5e-4, rho: 0.05, cosine: true },
  auLoss: { negativeWeight: 'through' },
  auWeights: 'inverse-rate',
  exprWeights: 'inverse-frequency',
  joint: { au: 1, expr: 1, va: 1 },
  auThreshold: 0.5,
  bnMomentum: 0.1,
  seed: 1
}

export type MtlOverrides = Partial<Omit<MtlConfig, 'model' | 'optimiser' | 'auLoss' | 'joint'>> & {
  readonly optimiser?: Partial<MtlOptimiserConfig>
  readonly auLoss?: Partial<MtlConfig['auLoss']>
  readonly joint?: Partial<MtlConfig['joint']>
}

function bad(message: string): never {
  throw new AppError('INVALID_ARGUMENT', `mtl config: ${message}`)
}

const posInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v > 0

/** Number of AUs (ABAW's 12) and expression classes (8): fixed by the label formats. */
export const AU_N = 12
export const EXPR_N = 8

/** Checks a full config; throws INVALID_ARGUMENT naming the field. Returns it unchanged. */
export function validateMtlConfig(c: MtlConfig): MtlConfig {
  if (c.model !== 'mtl') bad(`model must be 'mtl'`)
  if (c.nodeDim !== null && !posInt(c.nodeDim)) bad(`nodeDim must be a positive integer or null (= feature width), got ${c.nodeDim}`)
  if (!posInt(c.neighbours) || c.neighbours > AU_N) bad(`neighbours must be an integer in 1..${AU_N}, got ${c.neighbours}`)
  for (const k of ['attentionDim', 'epochs'] as const) if (!posInt(c[k])) bad(`${k} must be a positive integer, got ${c[k]}`)
  if (!posInt(c.batch) || c.batch < 2) bad(`batch must be an integer ≥ 2 (batch norm and CCC need two frames), got ${c.batch}`)
  if (c.schedule !== 'separate' && c.schedule !== 'joint') bad(`schedule must be 'separate' or 'joint'`)
  for (const k of ['standardise', 'gcnBatchNorm', 'crossAttention', 'vaBatchNorm', 'exprUpdatesAu'] as const) if (typeof c[k] !== 'boolean') bad(`${k} must be true or false`)
  const o = c.optimiser
  if (o.name !== 'sgd-sam' && o.name !== 'sgd') bad(`optimiser.name must be 'sgd-sam' or 'sgd'`)
  if (!(o.lr > 0 && o.lr < 10)) bad(`optimiser.lr must be in (0, 10), got ${o.lr}`)
  if (!(o.momentum >= 0 && o.momentum < 1)) bad('optimiser.momentum must be in [0, 1)')
  if (!(o.weightDecay >= 0)) bad('optimiser.weightDecay must be ≥ 0')
  if (!(o.rho > 0)) bad('optimiser.rho must be > 0')
  if (typeof o.cosine !== 'boolean') bad('optimiser.cosine must be true or false')
  if (c.auLoss.negativeWeight !== 'through' && c.auLoss.negativeWeight !== 'detached') bad(`auLoss.negativeWeight must be 'through' or 'detached'`)
  if (c.auWeights !== 'inverse-rate' && c.auWeights !== 'none') bad(`auWeights must be 'inverse-rate' or 'none'`)
  if (c.exprWeights !== 'inverse-frequency' && c.exprWeights !== 'none') bad(`exprWeights must be 'inverse-frequency' or 'none'`)
  for (const k of ['au', 'expr', 'va'] as const) if (!(c.joint[k] >= 0 && Number.isFinite(c.joint[k]))) bad(`joint.${k} must be a finite number ≥ 0`)
  if (c.schedule === 'joint' && c.joint.au + c.joint.expr + c.joint.va === 0) bad('joint weights are all 0: nothing would be trained')
  if (!(c.auThreshold > 0 && c.auThreshold < 1)) bad('auThreshold must be in (0, 1)')
  if (!(c.bnMomentum > 0 && c.bnMomentum <= 1)) bad('bnMomentum must be in (0, 1]')
  if (!Number.isSafeInteger(c.seed)) bad('seed must be an integer')
  return c
}

/** The defaults with overrides applied (nested groups merged), validated. */
export function mtlConfig(overrides: MtlOverrides = {}): MtlConfig {
  const d = MTL_DEFAULTS
  return validateMtlConfig({
    ...d,
    ...overrides,
    model: 'mtl',
    optimiser: { ...d.optimiser, ...overrides.optimiser },
    auLoss: { ...d.auLoss, ...overrides.auLoss },
    joint: { ...d.joint, ...overrides.joint }
  })
}
