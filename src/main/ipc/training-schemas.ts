import { z } from 'zod'
import type { InvokeArgs } from '../../shared/ipc/contract'
import type { TrainingInvokeMap } from '../../shared/ipc/contract-training'
import { CURRICULUM_LIMITS, EPOCH_LIMITS } from '../../shared/training'

const id = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, 'ids contain letters, digits and _ . : - only')
const runRef = z.object({ runId: id }).strict()
/** Hyper-parameter keys are identifiers; values are checked against the model's own validation by the service. */
const paramKey = z.string().min(1).max(60).regex(/^[A-Za-z][A-Za-z0-9]*$/, 'hyper-parameter names are identifiers')
const paramValue = z.union([z.number().finite(), z.boolean(), z.string().max(100)])

/** Argument schemas of the training channels (spread into ARG_SCHEMAS); objects are strict. */
export const TRAINING_ARG_SCHEMAS: { readonly [K in keyof TrainingInvokeMap]: z.ZodType<InvokeArgs<K>> } = {
  'training:options': z.object({}).strict() as z.ZodType<InvokeArgs<'training:options'>>,
  'training:start': z
    .object({
      family: z.enum(['anclaf', 'sequence', 'ap', 'mtl', 'aeg-cd-sz']),
      preset: z.string().min(1).max(60).regex(/^[a-z0-9-]+$/, 'preset names are lower-case words'),
      datasetId: id,
      fold: z
        .string()
        .min(1)
        .max(100)
        .refine((s) => ![...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f), 'fold names contain no control characters'),
      epochs: z.number().int().min(EPOCH_LIMITS.min).max(EPOCH_LIMITS.max),
      params: z.record(paramKey, paramValue).refine((p) => Object.keys(p).length <= 40, 'at most 40 hyper-parameters'),
      curriculum: z.array(z.number().int().min(1).max(CURRICULUM_LIMITS.maxWindow)).min(1).max(CURRICULUM_LIMITS.maxStages).optional(),
      stage1: z.object({ image: id.optional(), audio: id.optional() }).strict().optional()
    })
    .strict(),
  'training:stage1Runs': z.object({ datasetId: id }).strict(),
  'training:check': z.object({ family: z.enum(['anclaf', 'sequence', 'ap', 'mtl', 'aeg-cd-sz']), datasetId: id }).strict(),
  'training:job': runRef,
  'runs:pause': runRef,
  'runs:resume': runRef,
  'runs:cancel': runRef,
  'runs:samples': z.object({ runId: id, epoch: z.number().int().min(1).max(EPOCH_LIMITS.max).optional() }).strict()
}
