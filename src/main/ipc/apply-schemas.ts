import type { z } from 'zod'
import type { InvokeArgs } from '../../shared/ipc/contract'
import type { ApplyInvokeMap } from '../../shared/ipc/contract-apply'

/** Argument schemas of the apply channels (spread into ARG_SCHEMAS); objects are strict. */
export const APPLY_ARG_SCHEMAS: { readonly [K in keyof ApplyInvokeMap]: z.ZodType<InvokeArgs<K>> } = {}
