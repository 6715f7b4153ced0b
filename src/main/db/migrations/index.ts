import type { Migration } from '../migrate'
import { m0001CreateCoreSchema } from './0001-create-core-schema'

/** Every migration in order. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [m0001CreateCoreSchema]
