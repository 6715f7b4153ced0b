/**
 * dlib imglab XML datasets (as used by `train_shape_predictor`):
 *
 * ```xml
 * <dataset><name>..</name><comment>..</comment>
 *   <images>
 *     <image file='2008_002470.jpg' width='500' height='332'>
 *       <box top='181' left='274' width='52' height='53' [ignore='1']>
 *         <part name='00' x='277' y='194'/> ... <part name='67' .../>
 *       </box>
 * ```
 *
 * Coordinates are integer-valued image pixels, 0-based (dlib's C convention: the centre of the top-left
 * pixel is (0, 0)); boxes are `left, top, width, height`. Boxes may carry no parts (detection-only
 * annotations). {@link dlibBoxLandmarks} orders the parts by their numeric name (00..67 in the iBUG scheme).
 */
import { formatNumber, parseError, parseNumber } from '../formats/csv'
import type { CoordinateOrigin, Point2 } from './points'
import { escapeXml, scanXml, type XmlToken } from './xml-scan'

export const DLIB_ORIGIN: CoordinateOrigin = 0

export interface DlibPart {
  name: string
  x: number
  y: number
}

export interface DlibBox {
  top: number
  left: number
  width: number
  height: number
  ignore: boolean
  parts: DlibPart[]
}

export interface DlibImage {
  file: string
  width: number | null
  height: number | null
  boxes: DlibBox[]
}

export interface DlibDataset {
  name: string | null
  comment: string | null
  images: DlibImage[]
}

const F = 'dlib XML'

function attrNum(t: Extract<XmlToken, { kind: 'open' | 'empty' }>, key: string, required: boolean): number | null {
  const v = t.attrs[key]
  if (v === undefined) {
    if (required) throw parseError(`${F}: line ${t.line}: <${t.name}> missing attribute '${key}'`)
    return null
  }
  return parseNumber(v, t.line, `${t.name}@${key}`)
}

export function readDlibXml(text: string): DlibDataset {
  const tokens = scanXml(text)
  const root = tokens[0]
  if (root === undefined || root.kind === 'text' || root.name !== 'dataset') throw parseError(`${F}: root element must be <dataset>`)
  const ds: DlibDataset = { name: null, comment: null, images: [] }
  const path: string[] = []
  let image: DlibImage | null = null
  let box: DlibBox | null = null
  for (const t of tokens) {
    if (t.kind === 'text') {
      const parent = path[path.length - 1]
      if (parent === 'name' && path.length === 2) ds.name = (ds.name ?? '') + t.text
      else if (parent === 'comment' && path.length === 2) ds.comment = (ds.comment ?? '') + t.text
      continue
    }
    if (t.kind === 'close') {
      path.pop()
      if (t.name === 'image') image = null
      if (t.name === 'box') box = null
      continue
    }
    if (t.kind === 'open') path.push(t.name)
    if (t.name === 'image') {
      const file = t.attrs.file
      if (file === undefined) throw parseError(`${F}: line ${t.line}: <image> missing attribute 'file'`)
      image = { file, width: attrNum(t, 'width', false), height: attrNum(t, 'height', false), boxes: [] }
      ds.images.push(image)
    } else if (t.name === 'box') {
      if (image === null) throw parseError(`${F}: line ${t.line}: <box> outside <image>`)
      box = {
        top: attrNum(t, 'top', true) as number,
        left: attrNum(t, 'left', true) as number,
        width: attrNum(t, 'width', true) as number,
        height: attrNum(t, 'height', true) as number,
        ignore: t.attrs.ignore === '1',
        parts: []
      }
      image.boxes.push(box)
    } else if (t.name === 'part') {
      if (box === null) throw parseError(`${F}: line ${t.line}: <part> outside <box>`)
      const name = t.attrs.name
      if (name === undefined) throw parseError(`${F}: line ${t.line}: <part> missing attribute 'name'`)
      if (box.parts.some((p) => p.name === name)) throw parseError(`${F}: line ${t.line}: duplicated part '${name}' in box`)
      box.parts.push({ name, x: attrNum(t, 'x', true) as number, y: attrNum(t, 'y', true) as number })
    }
  }
  return ds
}

/** The box's parts as [x, y] ordered by numeric part name; throws if names are not 0..n-1. */
export function dlibBoxLandmarks(box: DlibBox): Point2[] {
  const sorted = [...box.parts].sort((a, b) => Number(a.name) - Number(b.name))
  sorted.forEach((p, i) => {
    if (!/^\d+$/.test(p.name) || Number(p.name) !== i) throw parseError(`${F}: part names are not 0..${sorted.length - 1} (found '${p.name}' at position ${i})`)
  })
  return sorted.map((p) => [p.x, p.y])
}

export function writeDlibXml(ds: DlibDataset): string {
  const a = (k: string, v: string): string => ` ${k}='${escapeXml(v)}'`
  const out = ["<?xml version='1.0' encoding='ISO-8859-1'?>", "<?xml-stylesheet type='text/xsl' href='image_metadata_stylesheet.xsl'?>", '<dataset>']
  if (ds.name !== null) out.push(`<name>${escapeXml(ds.name)}</name>`)
  if (ds.comment !== null) out.push(`<comment>${escapeXml(ds.comment)}</comment>`)
  out.push('<images>')
  for (const im of ds.images) {
    let open = `  <image${a('file', im.file)}`
    if (im.width !== null) open += a('width', formatNumber(im.width))
    if (im.height !== null) open += a('height', formatNumber(im.height))
    out.push(`${open}>`)
    for (const b of im.boxes) {
      const ign = b.ignore ? a('ignore', '1') : ''
      out.push(`    <box${a('top', formatNumber(b.top))}${a('left', formatNumber(b.left))}${a('width', formatNumber(b.width))}${a('height', formatNumber(b.height))}${ign}>`)
      for (const p of b.parts) out.push(`      <part${a('name', p.name)}${a('x', formatNumber(p.x))}${a('y', formatNumber(p.y))}/>`)
      out.push('    </box>')
    }
    out.push('  </image>')
  }
  out.push('</images>', '</dataset>')
  return out.join('\n') + '\n'
}
