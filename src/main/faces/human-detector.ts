/**
 * Face detection + FaceMesh (468 points) with @vladmandic/human on the shared tfjs, wasm backend.
 *
 * Pitfalls handled here (measured by a colleague):
 * - options passed to `detect()` merge into the instance config for good: every call passes the COMPLETE
 *   config of its mode ({@link humanConfig}), never a partial one;
 * - frame caching (`cacheSensitivity`, `skipFrames`, `skipTime`) carries boxes from one input to the next:
 *   right for video (mode 'video'), wrong for unrelated stills (mode 'still': all caching off);
 * - iris refinement overwrites the eye outline (worse NME, ~20 ms): off;
 * - `face.detector.rotation` made 4 of 9 images worse: off.
 * Every tensor created here is disposed (see the tensor-leak test).
 */
import { pathToFileURL } from 'node:url'
import { AppError } from '../../shared/ipc/errors'
import { getTf, packageFile, registerFileModelLoader, requireModule, type Tf } from './tf-runtime'

export type DetectMode = 'still' | 'video'

/** An RGB24 image: width * height * 3 bytes. */
export interface RgbImage {
  readonly data: Uint8Array
  readonly width: number
  readonly height: number
}

export type Box = [x: number, y: number, w: number, h: number]
export type Point3 = [number, number, number]

export interface MeshFace {
  /** Human's face box (mesh-derived, in input pixels, 0-based). */
  readonly box: Box
  /** Overall score (mesh confidence when the mesh ran). */
  readonly score: number
  readonly boxScore: number
  readonly faceScore: number
  /** 468 FaceMesh points [x, y, z] in input pixels (0-based; z in the same scale, relative). */
  readonly mesh: Point3[]
}

export interface DetectorOptions {
  readonly maxFaces?: number
  readonly minConfidence?: number
}

interface HumanResultFace {
  box: number[]
  score: number
  boxScore: number
  faceScore: number
  mesh: number[][]
  tensor?: unknown
}

interface HumanInstance {
  load(): Promise<void>
  detect(input: unknown, config: Record<string, unknown>): Promise<{ face: HumanResultFace[]; error?: string | null }>
}

type HumanCtor = new (config: Record<string, unknown>) => HumanInstance

const OFF = { enabled: false }

/** The complete Human configuration of a mode (passed whole on every `detect`). */
export function humanConfig(mode: DetectMode, opts: DetectorOptions = {}): Record<string, unknown> {
  const video = mode === 'video'
  return {
    backend: 'wasm',
    modelBasePath: pathToFileURL(packageFile('@vladmandic/human', 'models/')).href,
    wasmPath: packageFile('@tensorflow/tfjs-backend-wasm', 'dist/'),
    wasmPlatformFetch: false,
    debug: false,
    async: true,
    warmup: 'none',
    cacheModels: false,
    validateModels: false,
    deallocate: false,
    cacheSensitivity: video ? 0.7 : 0,
    filter: { enabled: false, equalization: false, flip: false, width: 0, height: 0, return: false },
    gesture: OFF,
    body: OFF,
    hand: OFF,
    object: OFF,
    segmentation: OFF,
    face: {
      enabled: true,
      detector: {
        modelPath: 'blazeface.json',
        rotation: false,
        maxDetected: opts.maxFaces ?? 20,
        skipFrames: video ? 10 : 0,
        skipTime: video ? 1000 : 0,
        minConfidence: opts.minConfidence ?? 0.2,
        minSize: 0,
        iouThreshold: 0.1,
        scale: 1.4,
        mask: false,
        return: false
      },
      mesh: { enabled: true, modelPath: 'facemesh.json', keepInvalid: false },
      attention: { enabled: false, modelPath: 'facemesh-attention.json' },
      iris: { enabled: false, modelPath: 'iris.json', scale: 2.3 },
      emotion: { enabled: false, minConfidence: 0.1, skipFrames: 0, skipTime: 0, modelPath: 'emotion.json' },
      description: { enabled: false, modelPath: 'faceres.json', skipFrames: 0, skipTime: 0, minConfidence: 0.1 },
      antispoof: { enabled: false, skipFrames: 0, skipTime: 0, modelPath: 'antispoof.json' },
      liveness: { enabled: false, skipFrames: 0, skipTime: 0, modelPath: 'liveness.json' },
      gear: { enabled: false },
      ssrnet: { enabled: false },
      mobilefacenet: { enabled: false },
      insightface: { enabled: false }
    }
  }
}

export class HumanFaceDetector {
  private constructor(
    private readonly human: HumanInstance,
    private readonly tf: Tf,
    private readonly opts: DetectorOptions
  ) {}

  static async create(opts: DetectorOptions = {}): Promise<HumanFaceDetector> {
    const tf = getTf()
    registerFileModelLoader()
    let ctor: HumanCtor
    try {
      ctor = requireModule<{ Human: HumanCtor }>(packageFile('@vladmandic/human', 'dist/human.node-wasm.js')).Human
    } catch (e) {
      throw new AppError('TOOL_MISSING', `@vladmandic/human could not be loaded: ${(e as Error).message}`)
    }
    const human = new ctor(humanConfig('still', opts))
    await human.load()
    // Human initialises the backend lazily in detect(); do it now so errors surface here.
    const probe = tf.zeros([1, 8, 8, 3], 'int32')
    await human.detect(probe, humanConfig('still', opts)).catch(() => undefined)
    probe.dispose()
    if (tf.getBackend() !== 'wasm') throw new AppError('INTERNAL', `tfjs backend is '${tf.getBackend()}', expected 'wasm'`)
    return new HumanFaceDetector(human, tf, opts)
  }

  get tfjs(): Tf {
    return this.tf
  }

  /** Detects faces in an RGB24 image. */
  async detect(image: RgbImage, mode: DetectMode): Promise<MeshFace[]> {
    const { data, width, height } = image
    if (data.length !== width * height * 3) throw new AppError('INVALID_ARGUMENT', `RGB buffer has ${data.length} bytes, expected ${width * height * 3}`)
    const tf = this.tf
    const input = tf.tidy(() => tf.expandDims(tf.tensor3d(data, [height, width, 3], 'int32'), 0))
    try {
      return await this.detectTensor(input, mode)
    } finally {
      input.dispose()
    }
  }

  /** Detects faces in a [1, h, w, 3] tensor (0..255); the caller keeps ownership of the tensor. */
  async detectTensor(input: ReturnType<Tf['expandDims']>, mode: DetectMode): Promise<MeshFace[]> {
    const res = await this.human.detect(input, humanConfig(mode, this.opts))
    if (res.error) throw new AppError('INTERNAL', `face detection failed: ${res.error}`)
    const faces: MeshFace[] = []
    for (const f of res.face) {
      if (f.tensor !== undefined) this.tf.dispose(f.tensor as Parameters<Tf['dispose']>[0])
      if (f.mesh.length !== 468) continue
      faces.push({
        box: [f.box[0], f.box[1], f.box[2], f.box[3]],
        score: f.score,
        boxScore: f.boxScore,
        faceScore: f.faceScore,
        mesh: f.mesh.map((p) => [p[0], p[1], p[2] ?? 0])
      })
    }
    return faces
  }
}

let shared: Promise<HumanFaceDetector> | null = null

/** The process-wide detector (one Human instance; models load once). */
export function getHumanDetector(): Promise<HumanFaceDetector> {
  shared ??= HumanFaceDetector.create().catch((e: unknown) => {
    shared = null
    throw e
  })
  return shared
}
