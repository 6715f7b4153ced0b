/**
 * Face detection + FaceMesh (468 points) with @vladmandic/human on the shared tfjs, wasm backend, and the
 * tracking step of video ({@link HumanFaceDetector.meshInRoi}: Human's FaceMesh model alone on a rotated square
 * region cut from the RGB frame in JS, no detector and no whole-frame tensor).
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

/**
 * A square face region for the mesh model: centre and side in input pixels (0-based), roll angle in radians
 * (image axes, y down: the angle of the eye line).
 */
export interface MeshRoi {
  readonly cx: number
  readonly cy: number
  readonly side: number
  readonly angle: number
}

/**
 * Bilinear, rotated square crop of an RGB24 image into a float32 [size, size, 3] buffer scaled to 0..1
 * (what FaceMesh takes); outside the image is 0 (like tf.image.cropAndResize's extrapolation value).
 * Crop pixel (i, j) samples the image at centre + R(angle) · ((i + ½ − size/2), (j + ½ − size/2)) · side/size.
 */
export function sampleRoi(img: RgbImage, roi: MeshRoi, size: number, out: Float32Array<ArrayBuffer> = new Float32Array(size * size * 3)): Float32Array<ArrayBuffer> {
  const { data, width, height } = img
  const k = roi.side / size
  const c = Math.cos(roi.angle) * k
  const s = Math.sin(roi.angle) * k
  const h0 = size / 2 - 0.5
  const row = width * 3
  const inv = 1 / 255
  let o = 0
  for (let j = 0; j < size; j++) {
    const v = j - h0
    let x = roi.cx - h0 * c - v * s
    let y = roi.cy - h0 * s + v * c
    for (let i = 0; i < size; i++, x += c, y += s, o += 3) {
      if (!(x >= 0 && y >= 0 && x <= width - 1 && y <= height - 1)) {
        out[o] = out[o + 1] = out[o + 2] = 0
        continue
      }
      const x0 = Math.min(x | 0, width - 2 < 0 ? 0 : width - 2)
      const y0 = Math.min(y | 0, height - 2 < 0 ? 0 : height - 2)
      const fx = x - x0
      const fy = y - y0
      const p00 = y0 * row + x0 * 3
      const p10 = width > 1 ? p00 + 3 : p00
      const p01 = height > 1 ? p00 + row : p00
      const p11 = width > 1 ? p01 + 3 : p01
      const w11 = fx * fy
      const w10 = fx - w11
      const w01 = fy - w11
      const w00 = 1 - fx - fy + w11
      out[o] = (data[p00] * w00 + data[p10] * w10 + data[p01] * w01 + data[p11] * w11) * inv
      out[o + 1] = (data[p00 + 1] * w00 + data[p10 + 1] * w10 + data[p01 + 1] * w01 + data[p11 + 1] * w11) * inv
      out[o + 2] = (data[p00 + 2] * w00 + data[p10 + 2] * w10 + data[p01 + 2] * w01 + data[p11 + 2] * w11) * inv
    }
  }
  return out
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

interface GraphModelLike {
  readonly inputs: ReadonlyArray<{ readonly shape?: number[] }>
  execute(input: unknown): unknown
}

interface HumanInstance {
  readonly models: { readonly models: Record<string, GraphModelLike | null | undefined> }
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

  private cropBuffer: Float32Array<ArrayBuffer> | null = null

  /**
   * Runs FaceMesh alone on a region (no detector): the tracking step. Returns the face with its mesh in input
   * pixels and a box (the region's side, centred on the mesh, clamped like Human's), or null when the mesh
   * confidence is below the detector's minimum (no face there any more).
   */
  async meshInRoi(image: RgbImage, roi: MeshRoi): Promise<MeshFace | null> {
    const model = this.human.models.models.facemesh
    if (!model) throw new AppError('INTERNAL', 'the FaceMesh model is not loaded')
    const size = model.inputs[0]?.shape?.[2] ?? 192
    const tf = this.tf
    this.cropBuffer = sampleRoi(image, roi, size, this.cropBuffer?.length === size * size * 3 ? this.cropBuffer : undefined)
    const input = tf.tensor4d(this.cropBuffer, [1, size, size, 3], 'float32')
    let outputs: ReturnType<Tf['tensor']>[] = []
    try {
      const r = model.execute(input) as ReturnType<Tf['tensor']> | ReturnType<Tf['tensor']>[]
      outputs = Array.isArray(r) ? r : [r]
      const confT = outputs.find((t) => t.shape[t.shape.length - 1] === 1)
      const meshT = outputs.find((t) => t.shape[t.shape.length - 1] === 1404)
      if (!confT || !meshT) throw new AppError('INTERNAL', 'unexpected FaceMesh outputs')
      const [conf, raw] = await Promise.all([confT.data(), meshT.data()])
      const score = Math.round(100 * conf[0]) / 100
      if (!(score >= (this.opts.minConfidence ?? 0.2))) return null
      const k = roi.side / size
      const c = Math.cos(roi.angle)
      const s = Math.sin(roi.angle)
      const mesh: Point3[] = new Array(468)
      let x0 = Infinity
      let y0 = Infinity
      let x1 = -Infinity
      let y1 = -Infinity
      for (let p = 0; p < 468; p++) {
        const u = (raw[3 * p] - size / 2) * k
        const v = (raw[3 * p + 1] - size / 2) * k
        const x = roi.cx + c * u - s * v
        const y = roi.cy + s * u + c * v
        mesh[p] = [x, y, raw[3 * p + 2]]
        x0 = Math.min(x0, x)
        y0 = Math.min(y0, y)
        x1 = Math.max(x1, x)
        y1 = Math.max(y1, y)
      }
      const mx = (x0 + x1) / 2
      const my = (y0 + y1) / 2
      const bx = Math.max(0, mx - roi.side / 2)
      const by = Math.max(0, my - roi.side / 2)
      const box: Box = [bx, by, Math.min(image.width, mx + roi.side / 2) - bx, Math.min(image.height, my + roi.side / 2) - by]
      return { box, score, boxScore: score, faceScore: score, mesh }
    } finally {
      input.dispose()
      tf.dispose(outputs)
    }
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
