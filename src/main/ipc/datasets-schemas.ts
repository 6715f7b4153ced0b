import { z } from 'zod'
import { DATASET_FORMATS, hasControlCharacter, MAX_FOLD_NAME } from '../../shared/datasets'
import type { InvokeArgs } from '../../shared/ipc/contract'
import type { DatasetInvokeMap } from '../../shared/ipc/contract-datasets'

const id = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'ids contain letters, digits and _ . : - only')
const path = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte')
const name = z.string().trim().min(1).max(200)
/** Subject ids: printable text (they come from dataset folders: no charset is imposed beyond that). */
const subject = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => !hasControlCharacter(s), 'subject ids contain no control characters')
const subjects = z.array(subject).max(10_000)
const MAX_FOLDS = 200
const MAX_SESSIONS = 2_000

const fold = z.object({ name: z.string().trim().min(1).max(MAX_FOLD_NAME), train: subjects, val: subjects, test: subjects }).strict()

const source = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('gold') }).strict(),
  z.object({ kind: z.literal('annotator'), annotatorId: id }).strict(),
  z.object({ kind: z.literal('traces'), traceIds: z.record(id, id).refine((r) => Object.keys(r).length <= MAX_SESSIONS, 'too many traces') }).strict()
])

/** Argument schemas of the datasets channels (spread into ARG_SCHEMAS); objects are strict. */
export const DATASET_ARG_SCHEMAS: { readonly [K in keyof DatasetInvokeMap]: z.ZodType<InvokeArgs<K>> } = {
  'datasets:list': z.object({}).strict() as z.ZodType<InvokeArgs<'datasets:list'>>,
  'datasets:get': z.object({ datasetId: id }).strict(),
  'datasets:register': z
    .object({ path, format: z.enum(DATASET_FORMATS), name: name.optional() })
    .strict(),
  'datasets:from-sessions': z
    .object({
      name,
      sessionIds: z.array(id).min(1).max(MAX_SESSIONS),
      source,
      subjects: z
        .record(id, subject)
        .refine((r) => Object.keys(r).length <= MAX_SESSIONS, 'too many subjects')
        .optional()
    })
    .strict(),
  'datasets:save-folds': z
    .object({ datasetId: id, folds: z.array(fold).min(1).max(MAX_FOLDS), seed: z.number().int().min(0).max(2 ** 32 - 1).nullable().optional() })
    .strict(),
  'datasets:remove': z.object({ datasetId: id }).strict(),
  'datasets:check': z.object({ datasetId: id }).strict()
}
