/**
 * What the New-run form can choose (training:options): model families with their presets and hyper-parameters, the
 * epochs, and the tfjs backend a training job would use with a hint when a faster one could be installed.
 *
 * Backend: the job picks the best backend that starts (engine/backend.ts: tfjs-node-gpu > tfjs-node > wasm > cpu,
 * or CIRCUMPLEX_TF_BACKEND). Here we only look at which packages are installed (cheap, nothing is loaded on main);
 * whether a native one really starts is what `circumplex doctor` probes, and the run records the backend it used.
 */
import type { FamilyOptions, TrainingBackend, TrainingOptions } from '../../../shared/training'
import { EPOCH_LIMITS } from '../../../shared/training'
import { BACKEND_ORDER, type BackendName } from '../../engine/backend-probe'
import { isBackendName } from '../../engine/backend'
import { isInstalled as packageInstalled } from '../../engine/tf'
import { anclafPresetOptions } from './anclaf-params'
import { sequencePresetOptions } from './sequence-params'
import { apPresetOptions } from '../ap/ap-params'
import { mtlPresetOptions } from '../mtl/mtl-params'
import { aegPresetOptions } from '../aeg/aeg-params'

/** The sequence variants in the form's order: the ch. 7 models first (2,4,8), then ANCLaF-S/SA (2…32). */
const SEQUENCE_FORM_ORDER = ['vi-des', 'au-des', 'avi-cas', 'avi-gas', 'anclaf-s', 'anclaf-sa'] as const

const KIND: Readonly<Record<BackendName, TrainingBackend['kind']>> = { 'tensorflow-gpu': 'gpu', tensorflow: 'cpu', wasm: 'wasm', cpu: 'cpu' }

/** The backend a training job would start with, and how to get a faster one. `isInstalled` is for tests. */
export function trainingBackend(env: NodeJS.ProcessEnv, isInstalled: (pkg: string) => boolean = packageInstalled): TrainingBackend {
  const pkgs = BACKEND_ORDER.map((b) => ({ ...b, installed: isInstalled(b.pkg) }))
  const packages = pkgs.filter((b) => b.name === 'tensorflow-gpu' || b.name === 'tensorflow').map((b) => ({ name: b.pkg, installed: b.installed }))
  const forced = env.CIRCUMPLEX_TF_BACKEND
  const gpu = pkgs[0]
  const node = pkgs[1]
  let name: BackendName
  let reason: string
  if (isBackendName(forced)) {
    name = forced
    reason = 'forced by CIRCUMPLEX_TF_BACKEND'
  } else {
    const best = pkgs.find((b) => b.installed) ?? pkgs[pkgs.length - 1]
    name = best.name
    const missing = pkgs.slice(0, pkgs.indexOf(best)).map((b) => b.pkg)
    reason = missing.length ? `best installed (${missing.join(', ')} not installed)` : 'best installed'
  }
  let hint: string | null = null
  if (name !== 'tensorflow-gpu') {
    const parts: string[] = []
    if (!node.installed && name !== 'tensorflow') {
      parts.push(`npm install ${node.pkg} (native TensorFlow on every CPU core, several times faster than ${name}; downloads libtensorflow at install)`)
    }
    parts.push(
      gpu.installed
        ? `unset CIRCUMPLEX_TF_BACKEND to train with the installed ${gpu.pkg}`
        : `with an NVIDIA GPU, npm install ${gpu.pkg} (needs CUDA and cuDNN)`
    )
    hint = `Faster: ${parts.join(' — or, ')}. circumplex doctor shows which backends start here.`
  }
  return { name, kind: KIND[name], reason, hint, packages }
}

export function trainingOptions(env: NodeJS.ProcessEnv): TrainingOptions {
  const families: FamilyOptions[] = [
    {
      id: 'anclaf',
      label: 'ANCLaF stage 1 (G, D, C)',
      description: 'Denoising generator G, quadrant discriminator D and affect regressor C trained together on one fold; selected on validation, reported on test.',
      available: true,
      reason: null,
      presets: [anclafPresetOptions('compact'), anclafPresetOptions('thesis')]
    },
    {
      id: 'sequence',
      label: 'Sequence models (ANCLaF-S/SA, Vi-DeS, Au-DeS, AVi-CaS, AVi-GaS)',
      description: 'Attention LSTMs with a curriculum of window lengths over the latents of finished stage-1 runs (one checkpoint per stage; pause and resume keep the finished stages).',
      available: true,
      reason: null,
      presets: SEQUENCE_FORM_ORDER.map(sequencePresetOptions)
    },
    {
      id: 'ap',
      label: 'Affective Processes (AP)',
      description: 'A latent-only neural process over the per-frame features and predictions of a frozen stage-1 run (the backbone); its uncertainty band and sampled functions show in Review. It restarts when resumed (no resumable checkpoint): pause is not offered.',
      available: true,
      reason: null,
      presets: [apPresetOptions()]
    },
    {
      id: 'mtl',
      label: 'Multi-task AU / expression / V-A (MTL)',
      description: 'P003: AU graph, expression head with cross-attention and V/A head on the frozen features of a stage-1 run; needs the ABAW AU / expression labels in the dataset folder. It restarts when resumed: pause is not offered.',
      available: true,
      reason: null,
      presets: [mtlPresetOptions()]
    },
    {
      id: 'aeg-cd-sz',
      label: 'AEG-CD-SZ',
      description: 'P002: denoising generator AEG and a conditional discriminator CD that regresses V/A from the face, AEG\'s latent z and the frame\'s eGeMAPS audio; the progressive schedule Disc → AEG-CD → AEG-CD-SZ (Epochs split 1:2:2), selected on validation among the last phase\'s epochs. Every clip needs audio.',
      available: true,
      reason: null,
      presets: [aegPresetOptions('compact'), aegPresetOptions('thesis')]
    }
  ]
  return { families, epochs: { ...EPOCH_LIMITS, default: 10 }, backend: trainingBackend(env) }
}
