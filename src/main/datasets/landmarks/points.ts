/**
 * Landmark point conventions shared by the ground-truth readers.
 *
 * All readers return points as [x, y] in image pixels, x right, y down, in the coordinate origin of the
 * file they read (documented per format). `origin` 1 means Matlab-style pixel indexing (centre of the
 * top-left pixel is (1, 1): 300-W/300-VW `.pts`, and the mmpose COCO-style conversion of 300-W);
 * `origin` 0 means C-style (centre of the top-left pixel is (0, 0): dlib, OpenFace, py-feat).
 */
export type Point2 = [number, number]
export type CoordinateOrigin = 0 | 1

/** Converts points from the given origin to 0-based pixel coordinates (subtracts 1 for 1-based input). */
export function toZeroBased<P extends Point2 | null>(points: readonly P[], origin: CoordinateOrigin): P[] {
  if (origin === 0) return points.map((p) => (p === null ? p : ([p[0], p[1]] as P)))
  return points.map((p) => (p === null ? p : ([p[0] - 1, p[1] - 1] as P)))
}

/** Inverse of {@link toZeroBased}. */
export function fromZeroBased<P extends Point2 | null>(points: readonly P[], origin: CoordinateOrigin): P[] {
  if (origin === 0) return points.map((p) => (p === null ? p : ([p[0], p[1]] as P)))
  return points.map((p) => (p === null ? p : ([p[0] + 1, p[1] + 1] as P)))
}
