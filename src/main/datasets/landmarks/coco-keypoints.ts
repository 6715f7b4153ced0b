/**
 * COCO-style keypoint JSON for faces (mmpose's conversion of 300-W, e.g. `test_300w.json`):
 * `{images: [{id, file_name, width, height}], annotations: [{id, image_id, category_id, keypoints:
 * [x1, y1, v1, x2, y2, v2, ...], num_keypoints, bbox: [x, y, w, h], ...}], categories: [...]}`.
 *
 * Keypoints are flat `x, y, v` triples (v: 0 not labelled, 1 labelled but not visible, 2 visible; the
 * 300-W conversion writes 1 for all). `num_keypoints` must equal the number of keypoints with v > 0.
 * Coordinates are copied from the 300-W `.pts` files and therefore 1-based (Matlab convention); use
 * `toZeroBased(points, COCO_300W_ORIGIN)`. Unknown annotation/image fields are kept in `extra`.
 */
import { parseError } from '../formats/csv'
import type { CoordinateOrigin, Point2 } from './points'

export const COCO_300W_ORIGIN: CoordinateOrigin = 1

export interface CocoImage {
  id: number
  fileName: string
  width: number
  height: number
}

export interface CocoKeypointAnnotation {
  id: number
  imageId: number
  categoryId: number
  keypoints: Point2[]
  visibility: number[]
  numKeypoints: number
  bbox: [number, number, number, number] | null
  /** Remaining fields as in the file (`area`, `iscrowd`, `center`, `scale`, ...). */
  extra: Record<string, unknown>
}

export interface CocoKeypointFile {
  images: CocoImage[]
  annotations: CocoKeypointAnnotation[]
  categories: Array<Record<string, unknown>>
}

const F = 'COCO keypoints'
const ANN_KEYS = ['id', 'image_id', 'category_id', 'keypoints', 'num_keypoints', 'bbox']

function obj(v: unknown, at: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw parseError(`${F}: ${at}: expected an object`)
  return v as Record<string, unknown>
}

function arr(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) throw parseError(`${F}: ${at}: expected an array`)
  return v
}

function num(v: unknown, at: string, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw parseError(`${F}: ${at}: expected a finite number, found ${JSON.stringify(v)}`)
  if (integer && !Number.isInteger(v)) throw parseError(`${F}: ${at}: expected an integer, found ${v}`)
  return v
}

export function readCocoKeypoints(text: string): CocoKeypointFile {
  let doc: unknown
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (e) {
    throw parseError(`${F}: invalid JSON: ${(e as Error).message}`)
  }
  const root = obj(doc, 'top level')
  const imageIds = new Set<number>()
  const images = arr(root.images, 'images').map((raw, i) => {
    const o = obj(raw, `images[${i}]`)
    const id = num(o.id, `images[${i}].id`, true)
    if (imageIds.has(id)) throw parseError(`${F}: images[${i}].id: duplicated image id ${id}`)
    imageIds.add(id)
    if (typeof o.file_name !== 'string') throw parseError(`${F}: images[${i}].file_name: expected a string`)
    return { id, fileName: o.file_name, width: num(o.width, `images[${i}].width`), height: num(o.height, `images[${i}].height`) }
  })
  const annIds = new Set<number>()
  const annotations = arr(root.annotations, 'annotations').map((raw, i): CocoKeypointAnnotation => {
    const at = `annotations[${i}]`
    const o = obj(raw, at)
    const id = num(o.id, `${at}.id`, true)
    if (annIds.has(id)) throw parseError(`${F}: ${at}.id: duplicated annotation id ${id}`)
    annIds.add(id)
    const imageId = num(o.image_id, `${at}.image_id`, true)
    if (!imageIds.has(imageId)) throw parseError(`${F}: ${at}.image_id: no image with id ${imageId}`)
    const flat = arr(o.keypoints, `${at}.keypoints`)
    if (flat.length % 3 !== 0) throw parseError(`${F}: ${at}.keypoints: length ${flat.length} is not a multiple of 3 (x, y, v triples)`)
    const keypoints: Point2[] = []
    const visibility: number[] = []
    for (let k = 0; k < flat.length; k += 3) {
      keypoints.push([num(flat[k], `${at}.keypoints[${k}]`), num(flat[k + 1], `${at}.keypoints[${k + 1}]`)])
      const v = num(flat[k + 2], `${at}.keypoints[${k + 2}]`, true)
      if (v < 0 || v > 2) throw parseError(`${F}: ${at}.keypoints[${k + 2}]: visibility ${v} out of range [0, 2]`)
      visibility.push(v)
    }
    const numKeypoints = num(o.num_keypoints, `${at}.num_keypoints`, true)
    const labelled = visibility.filter((v) => v > 0).length
    if (numKeypoints !== labelled) {
      throw parseError(`${F}: ${at}.num_keypoints: ${numKeypoints} but ${labelled} keypoint(s) have v > 0 (mismatched lengths)`)
    }
    let bbox: CocoKeypointAnnotation['bbox'] = null
    if (o.bbox !== undefined) {
      const b = arr(o.bbox, `${at}.bbox`)
      if (b.length !== 4) throw parseError(`${F}: ${at}.bbox: expected [x, y, w, h], found ${b.length} values`)
      bbox = [num(b[0], `${at}.bbox[0]`), num(b[1], `${at}.bbox[1]`), num(b[2], `${at}.bbox[2]`), num(b[3], `${at}.bbox[3]`)]
    }
    const extra: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(o)) if (!ANN_KEYS.includes(k)) extra[k] = v
    return { id, imageId, categoryId: num(o.category_id ?? 1, `${at}.category_id`, true), keypoints, visibility, numKeypoints, bbox, extra }
  })
  const categories = root.categories === undefined ? [] : arr(root.categories, 'categories').map((c, i) => obj(c, `categories[${i}]`))
  return { images, annotations, categories }
}

export function writeCocoKeypoints(file: CocoKeypointFile): string {
  const doc = {
    categories: file.categories,
    images: file.images.map((im) => ({ id: im.id, file_name: im.fileName, height: im.height, width: im.width })),
    annotations: file.annotations.map((a) => ({
      image_id: a.imageId,
      id: a.id,
      category_id: a.categoryId,
      keypoints: a.keypoints.flatMap(([x, y], i) => [x, y, a.visibility[i] ?? 2]),
      num_keypoints: a.numKeypoints,
      ...(a.bbox === null ? {} : { bbox: a.bbox }),
      ...a.extra
    }))
  }
  return JSON.stringify(doc, null, 2) + '\n'
}
