import { z } from 'zod'
import { EXCHANGE_FORMATS, RATING_MODES, REVIEW_STATUSES } from '../../shared/annotation'
import type { InvokeArgs, InvokeChannel } from '../../shared/ipc/contract'

const id = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'ids contain letters, digits and _ . : - only')
const frame = z.number().int().min(0).max(2 ** 31)
const name = z.string().trim().min(1).max(200)
const unit = z.number().min(-1).max(1)
const ids = z.array(id).min(1).max(1000)
const noArgs = z.object({}).strict()
const format = z.enum(EXCHANGE_FORMATS as unknown as [string, ...string[]]) as z.ZodType<(typeof EXCHANGE_FORMATS)[number]>
const dimension = z.enum(['valence', 'arousal'])
const text = z.string().min(1).max(7 * 1024 * 1024)
const range = { traceId: id, fromFrame: frame, toFrame: frame }
const ordered = (a: { fromFrame: number; toFrame: number }) => a.fromFrame <= a.toFrame
const ORDER = { message: 'fromFrame must be <= toFrame' }
const MAX_EDIT_FRAMES = 500_000

const mapping = z
  .object({
    scale: z.enum(['-1,1', '-10,10', '0,1']).optional(),
    rateHz: z.number().positive().max(10_000).optional(),
    offsetS: z.number().finite().min(-86_400).max(86_400).optional(),
    column: z.string().min(1).max(100).optional(),
    dimension: dimension.optional()
  })
  .strict()

const editBase = { ...range, dimension: z.enum(['valence', 'arousal', 'both']).optional(), annotatorId: id.optional() }
const values = z.array(unit.nullable()).max(MAX_EDIT_FRAMES)
const edit = z
  .discriminatedUnion('op', [
    z.object({ ...editBase, op: z.literal('accept') }).strict(),
    z.object({ ...editBase, op: z.literal('reject') }).strict(),
    z.object({ ...editBase, op: z.literal('redraw'), valence: values.optional(), arousal: values.optional() }).strict(),
    z.object({ ...editBase, op: z.literal('shift'), frames: z.number().int().min(-100_000).max(100_000).refine((k) => k !== 0, 'shift by 0 frames') }).strict(),
    z
      .object({
        ...editBase,
        op: z.literal('smooth'),
        smoothing: z.discriminatedUnion('method', [
          z.object({ method: z.literal('gaussian'), sigma: z.number().positive().max(1000) }).strict(),
          z.object({ method: z.literal('moving-average'), window: z.number().int().min(1).max(10_001).refine((w) => w % 2 === 1, 'window must be odd') }).strict(),
          z.object({ method: z.literal('exponential'), alpha: z.number().gt(0).max(1) }).strict()
        ])
      })
      .strict(),
    z.object({ ...editBase, op: z.literal('replace'), sourceTraceId: id }).strict()
  ])
  .refine(ordered, ORDER)
  .refine((a) => a.toFrame - a.fromFrame < MAX_EDIT_FRAMES, { message: `at most ${MAX_EDIT_FRAMES} frames per edit` })

type AnnotationChannel = Extract<InvokeChannel, `annotators:${string}` | `projects:${string}` | `assignments:${string}` | `annotations:${string}`>

/** Argument schemas of the annotation channels (spread into ARG_SCHEMAS). */
export const ANNOTATION_ARG_SCHEMAS: { readonly [K in AnnotationChannel]: z.ZodType<InvokeArgs<K>> } = {
  'annotators:list': noArgs as z.ZodType<InvokeArgs<'annotators:list'>>,
  'annotators:create': z.object({ name }).strict(),
  'projects:list': noArgs as z.ZodType<InvokeArgs<'projects:list'>>,
  'projects:create': z.object({ name: z.string().trim().min(1).max(500), sessionIds: z.array(id).max(10_000), blind: z.boolean().optional() }).strict(),
  'projects:add-sessions': z.object({ projectId: id, sessionIds: ids }).strict(),
  'assignments:create': z.object({ annotatorId: id, sessionIds: ids, projectId: id.optional() }).strict(),
  'assignments:list': z.object({ annotatorId: id.optional(), projectId: id.optional() }).strict(),
  'annotations:start-pass': z
    .object({
      sessionId: id,
      annotatorId: id,
      mode: z.enum(RATING_MODES as unknown as [string, ...string[]]) as z.ZodType<(typeof RATING_MODES)[number]>,
      inputLagS: z.number().min(0).max(10).optional(),
      speed: z.number().gt(0).max(4).optional()
    })
    .strict(),
  'annotations:finish-pass': z.object({ passId: id }).strict(),
  'annotations:own-trace': z.object({ sessionId: id, annotatorId: id }).strict(),
  'annotations:pass-values': z.object({ passId: id }).strict(),
  'annotations:append': z
    .object({ passId: id, samples: z.array(z.tuple([frame, unit.nullable(), unit.nullable()])).max(2_000) })
    .strict(),
  'annotations:edit': edit,
  'annotations:undo': z.object({ traceId: id }).strict(),
  'annotations:redo': z.object({ traceId: id }).strict(),
  'annotations:history': z.object({ traceId: id, limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  'annotations:provenance': z
    .object(range)
    .strict()
    .refine(ordered, ORDER)
    .refine((a) => a.toFrame - a.fromFrame < 100_000, { message: 'at most 100000 frames per request' }),
  'annotations:review': z
    .object({ traceId: id, fromFrame: frame.optional(), toFrame: frame.optional() })
    .strict()
    .refine((a) => a.fromFrame === undefined || a.toFrame === undefined || a.fromFrame <= a.toFrame, ORDER),
  'annotations:set-review': z
    .object({ ...range, status: z.enum(REVIEW_STATUSES as unknown as [string, ...string[]]) as z.ZodType<(typeof REVIEW_STATUSES)[number]> })
    .strict()
    .refine(ordered, ORDER),
  'annotations:visible-traces': z.object({ sessionId: id, annotatorId: id, blind: z.boolean().optional() }).strict(),
  'annotations:progress': z.object({ annotatorId: id.optional(), projectId: id.optional() }).strict(),
  'annotations:export': z
    .object({
      sessionId: id.optional(),
      projectId: id.optional(),
      traceIds: ids.optional(),
      format,
      allowLengthMismatch: z.boolean().optional(),
      dimension: dimension.optional(),
      rateHz: z.number().positive().max(10_000).optional()
    })
    .strict()
    .refine((a) => (a.sessionId === undefined) !== (a.projectId === undefined), { message: 'name exactly one of sessionId, projectId' }),
  'annotations:import-preview': z.object({ sessionId: id, format, text, mapping: mapping.optional(), allowLengthMismatch: z.boolean().optional() }).strict(),
  'annotations:import': z
    .object({ sessionId: id, annotatorId: id, format, text, mapping: mapping.optional(), name: name.optional(), allowLengthMismatch: z.boolean().optional() })
    .strict(),
  'annotations:agreement': z
    .object({
      sessionId: id.optional(),
      projectId: id.optional(),
      traceIds: z.array(id).min(2).max(100),
      dimension,
      lagCorrect: z.boolean().optional(),
      maxLagS: z.number().positive().max(30).optional(),
      confidence: z.number().gt(0).lt(1).optional()
    })
    .strict()
    .refine((a) => (a.sessionId === undefined) !== (a.projectId === undefined), { message: 'name exactly one of sessionId, projectId' }),
  'annotations:fuse': z
    .object({
      traceIds: z.array(id).min(1).max(100),
      method: z.enum(['mean', 'ewe', 'dba']),
      name: name.optional(),
      minRaters: z.number().int().min(1).max(100).optional(),
      band: z.number().int().min(0).max(100_000).optional()
    })
    .strict()
}
