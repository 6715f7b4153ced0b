/**
 * Fits the FaceMesh → iBUG-68 mapping (see ../mesh-to-ibug.ts) on the dlib-faces XML ONLY (25 faces whose
 * points are dlib's own 68-point predictor output). 300-W / 300-VW ground truth is never read here.
 *
 * Model per iBUG point k, in the face-normalised frame (u, v):
 *   (u_k, v_k) = Σ_j w_j (u_j, v_j) + (b_u, b_v) + yaw · (c_u, c_v)
 * over the K mesh points nearest to the plain-map vertex (in the mean normalised mesh); weights shared by
 * both axes. Ridge: λ‖w − e_base‖² (shrinks toward the plain index map), bias unpenalised, yaw λ/10.
 * K, λ and the yaw term are chosen by leave-one-image-out cross-validation on the same dlib faces.
 *
 * Run: `CIRCUMPLEX_WRITE_MAPPING=1 npx vitest run src/main/faces/fit` regenerates mapping/mesh-to-ibug-v1.json;
 * without the variable the test refits and compares with the committed file.
 */
import { readImageRgb } from '../../media/frame-reader'
import type { Point2 } from '../../datasets/landmarks'
import { loadGroundTruth } from '../ground-truth'
import type { HumanFaceDetector, Point3 } from '../human-detector'
import { detectMeshes, REFINE_SCALE, REFINE_SIZE } from '../face-landmarker'
import { evaluateLandmarks, matchPrediction } from '../landmark-eval'
import { applyMapping, meshYaw, normaliseMesh, meshFrame, PLAIN_MESH_TO_IBUG, toFrame, type MappedPoint, type MeshToIbugMapping } from '../mesh-to-ibug'

export interface FitSample {
  /** Image the face comes from (cross-validation folds are per image). */
  readonly group: string
  readonly id: string
  readonly mesh: Point3[]
  /** 68 target points, 0-based pixels. */
  readonly target: Point2[]
}

export interface FitParams {
  readonly k: number
  readonly lambda: number
  readonly useYaw: boolean
}

export interface CvRow extends FitParams {
  readonly nme68: number
  readonly nme51: number
}

export const DEFAULT_GRID: readonly FitParams[] = [1, 6, 12, 20].flatMap((k) =>
  [0.01, 0.1, 1, 10].flatMap((lambda) => [false, true].map((useYaw) => ({ k, lambda, useYaw })))
)

/** Solves A x = b (A n×n, row-major) by Gaussian elimination with partial pivoting. */
export function solveLinear(a: number[][], b: number[]): number[] {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i]])
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r
    if (Math.abs(m[p][c]) < 1e-12) throw new RangeError('singular system')
    ;[m[c], m[p]] = [m[p], m[c]]
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c]
      if (f !== 0) for (let j = c; j <= n; j++) m[r][j] -= f * m[c][j]
    }
  }
  const x = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n]
    for (let j = r + 1; j < n; j++) s -= m[r][j] * x[j]
    x[r] = s / m[r][r]
  }
  return x
}

/** Neighbours of each plain-map vertex: the K nearest mesh points in the mean normalised mesh (itself first). */
export function neighbourSets(meanMesh: readonly Point2[], k: number): number[][] {
  return PLAIN_MESH_TO_IBUG.map((base) => {
    const b = meanMesh[base]
    return meanMesh
      .map((p, i) => [i, i === base ? -1 : Math.hypot(p[0] - b[0], p[1] - b[1])] as const)
      .sort((x, y) => x[1] - y[1] || x[0] - y[0])
      .slice(0, k)
      .map(([i]) => i)
  })
}

interface Prepared {
  q: Point2[]
  t: Point2[]
  yaw: number
}

function prepare(samples: readonly FitSample[]): Prepared[] {
  return samples.map((s) => {
    const f = meshFrame(s.mesh)
    const q = normaliseMesh(s.mesh, f)
    return { q, t: s.target.map((p) => toFrame(f, p[0], p[1])), yaw: meshYaw(q) }
  })
}

function meanMesh(prep: readonly Prepared[]): Point2[] {
  return prep[0].q.map((_, i) => [prep.reduce((a, p) => a + p.q[i][0], 0) / prep.length, prep.reduce((a, p) => a + p.q[i][1], 0) / prep.length])
}

/** Fits the mapping with fixed parameters. */
export function fitMapping(samples: readonly FitSample[], params: FitParams, provenance: Record<string, unknown> = {}): MeshToIbugMapping {
  if (samples.length === 0) throw new RangeError('no samples to fit')
  const prep = prepare(samples)
  const nb = neighbourSets(meanMesh(prep), params.k)
  const yaws = prep.map((p) => p.yaw)
  const points: MappedPoint[] = PLAIN_MESH_TO_IBUG.map((base, kIdx) => {
    const nbr = nb[kIdx]
    const K = nbr.length
    const n = K + 2 + (params.useYaw ? 2 : 0)
    const ata = Array.from({ length: n }, () => new Array<number>(n).fill(0))
    const atb = new Array<number>(n).fill(0)
    for (const p of prep) {
      for (let d = 0; d < 2; d++) {
        const row = new Array<number>(n).fill(0)
        for (let j = 0; j < K; j++) row[j] = p.q[nbr[j]][d]
        row[K + d] = 1
        if (params.useYaw) row[K + 2 + d] = p.yaw
        const y = p.t[kIdx][d]
        for (let i = 0; i < n; i++) {
          if (row[i] === 0) continue
          atb[i] += row[i] * y
          for (let j = 0; j < n; j++) ata[i][j] += row[i] * row[j]
        }
      }
    }
    const prior = new Array<number>(n).fill(0)
    prior[nbr.indexOf(base)] = 1
    for (let i = 0; i < n; i++) {
      const reg = i < K ? params.lambda : i < K + 2 ? 1e-9 : params.lambda / 10
      ata[i][i] += reg
      atb[i] += reg * prior[i]
    }
    const w = solveLinear(ata, atb)
    const r = (v: number): number => Number(v.toPrecision(7))
    return {
      base,
      neighbours: nbr,
      weights: w.slice(0, K).map(r),
      bias: [r(w[K]), r(w[K + 1])],
      yaw: params.useYaw ? [r(w[K + 2]), r(w[K + 3])] : [0, 0]
    }
  })
  return {
    format: 'circumplex-mesh-to-ibug',
    version: 1,
    frame: 'mesh-outer-eye-corners-33-263',
    useYaw: params.useYaw,
    yawRange: [Number(Math.min(...yaws).toFixed(4)), Number(Math.max(...yaws).toFixed(4))],
    points,
    provenance: { k: params.k, lambda: params.lambda, useYaw: params.useYaw, faces: samples.length, ...provenance }
  }
}

function score(mapping: MeshToIbugMapping, test: readonly FitSample[]): { nme68: number; nme51: number } {
  const r = evaluateLandmarks(test.map((s) => ({ id: s.id, gt: s.target, pred: applyMapping(mapping, s.mesh) })))
  return { nme68: r.summary.mean?.interocular.all68 ?? NaN, nme51: r.summary.mean?.interocular.inner51 ?? NaN }
}

/** Leave-one-image-out CV: mean over held-out faces of the 68/51-point inter-ocular NME. */
export function crossValidate(samples: readonly FitSample[], params: FitParams): CvRow {
  const groups = [...new Set(samples.map((s) => s.group))]
  const e68: number[] = []
  const e51: number[] = []
  for (const g of groups) {
    const test = samples.filter((s) => s.group === g)
    const m = fitMapping(samples.filter((s) => s.group !== g), params)
    for (const s of test) {
      const r = score(m, [s])
      e68.push(r.nme68)
      e51.push(r.nme51)
    }
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
  return { ...params, nme68: mean(e68), nme51: mean(e51) }
}

/** Chooses K, λ, yaw by CV (lowest 68-point NME) and fits on all samples. */
export function selectAndFit(samples: readonly FitSample[], grid: readonly FitParams[] = DEFAULT_GRID, provenance: Record<string, unknown> = {}): { mapping: MeshToIbugMapping; cv: CvRow[]; best: CvRow } {
  const cv = grid.map((p) => crossValidate(samples, p))
  const best = cv.reduce((a, b) => (b.nme68 < a.nme68 - 1e-12 ? b : a))
  const plainBias = crossValidate(samples, { k: 1, lambda: 1e9, useYaw: false })
  const plainReport = evaluateLandmarks(samples.map((s) => ({ id: s.id, gt: s.target, pred: PLAIN_MESH_TO_IBUG.map((i) => [s.mesh[i][0], s.mesh[i][1]] as Point2) })))
  const plain = { nme68: plainReport.summary.mean?.interocular.all68 ?? NaN, nme51: plainReport.summary.mean?.interocular.inner51 ?? NaN }
  const mapping = fitMapping(samples, best, {
    ...provenance,
    selection: 'leave-one-image-out CV on the fitting data, lowest mean 68-point inter-ocular NME',
    cvBest: { nme68: round(best.nme68), nme51: round(best.nme51) },
    plainIndexMap: { nme68: round(plain.nme68), nme51: round(plain.nme51) },
    cvPlainMapPlusBias: { nme68: round(plainBias.nme68), nme51: round(plainBias.nme51) },
    grid: 'k in {1,6,12,20} x lambda in {0.01,0.1,1,10} x yaw in {off,on}'
  })
  return { mapping, cv, best }
}

function round(v: number): number {
  return Number(v.toFixed(5))
}

/** Detects (same still pipeline as inference) and pairs each dlib-XML face with its mesh. */
export async function collectSamples(det: HumanFaceDetector, gtDir: string): Promise<{ samples: FitSample[]; missed: string[] }> {
  const gt = loadGroundTruth(gtDir)
  const samples: FitSample[] = []
  const missed: string[] = []
  const byImage = new Map<string, typeof gt>()
  for (const g of gt) byImage.set(g.imagePath, [...(byImage.get(g.imagePath) ?? []), g])
  for (const [imagePath, faces] of byImage) {
    const img = await readImageRgb(imagePath)
    const meshes = await detectMeshes(det, img)
    const plain = meshes.map((m) => PLAIN_MESH_TO_IBUG.map((i) => [m.mesh[i][0], m.mesh[i][1]] as Point2))
    for (const f of faces) {
      const match = matchPrediction(f.points, plain)
      if (match === null) {
        missed.push(f.id)
        continue
      }
      samples.push({ group: imagePath, id: f.id, mesh: meshes[plain.indexOf(match as Point2[])].mesh, target: f.points })
    }
  }
  return { samples, missed }
}

export const FIT_PROVENANCE = {
  data: 'shared/data/landmarks/dlib-faces/testing_with_face_landmarks.xml (25 faces in 5 PASCAL VOC images; points = dlib 68-point predictor output, 0-based)',
  notUsed: '300-W and 300-VW ground truth (test sets) were not used for fitting or selection',
  meshPipeline: `Human 3.3.6 FaceMesh, wasm backend, still mode, refine crop scale ${REFINE_SCALE} at ${REFINE_SIZE}px`
}
