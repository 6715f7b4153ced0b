import type { Migration } from '../migrate'
import { m0001CreateCoreSchema } from './0001-create-core-schema'
import { m0002AddFacesAndAudio } from './0002-add-faces-and-audio'

/** Every migration in order. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [m0001CreateCoreSchema, m0002AddFacesAndAudio]
