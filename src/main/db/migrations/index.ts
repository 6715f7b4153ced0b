import type { Migration } from '../migrate'
import { m0001CreateCoreSchema } from './0001-create-core-schema'
import { m0002AddFacesAndAudio } from './0002-add-faces-and-audio'
import { m0003AddModelRuns } from './0003-add-model-runs'
import { m0004AddAnnotation } from './0004-add-annotation'
import { m0005AddDatasetsAndRunRegistry } from './0005-add-datasets-and-run-registry'
import { m0006AddLandmarkEvals } from './0006-add-landmark-evals'
import { m0007RescaleStage1Traces } from './0007-rescale-stage1-traces'

/** Every migration in order. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [m0001CreateCoreSchema, m0002AddFacesAndAudio, m0003AddModelRuns, m0004AddAnnotation, m0005AddDatasetsAndRunRegistry, m0006AddLandmarkEvals, m0007RescaleStage1Traces]
