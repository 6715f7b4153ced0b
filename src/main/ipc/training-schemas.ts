import type { z } from 'zod'
import type { InvokeArgs } from '../../shared/ipc/contract'
import type { TrainingInvokeMap } from '../../shared/ipc/contract-training'

/** Argument schemas of the training channels (spread into ARG_SCHEMAS); objects are strict. */
export const TRAINING_ARG_SCHEMAS: { readonly [K in keyof TrainingInvokeMap]: z.ZodType<InvokeArgs<K>> } = {}
