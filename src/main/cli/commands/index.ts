import type { CliCommand } from '../command'
import { agreementCommand } from './agreement'
import { applyCommand } from './apply'
import { completeCommand } from './complete'
import { exportCommand, importTraceCommand } from './annotation-io'
import { doctorCommand } from './doctor'
import { foldsCommand } from './folds'
import { importCommand } from './import'
import { metricsCommand } from './metrics'
import { serveCommand } from './serve'
import { landmarksCommand } from './landmarks'
import { evalLandmarksCommand } from './eval-landmarks'
import { synthCommand } from './synth'
import { trainCommand } from './train'
import { inferCommand } from './infer'
import { extrasCommand } from './extras'
import { importDatasetCommand } from './import-dataset'
import { analyzeCommand, compareCommand } from './analyze'
import { datasetsCommand } from './datasets'
import { runsCommand } from './runs'

/**
 * Every CLI command, in the order `circumplex --help` lists them.
 * Add a command by writing `commands/<name>.ts` that exports one `CliCommand` and listing it here.
 */
export const COMMANDS: readonly CliCommand[] = [
  serveCommand,
  doctorCommand,
  importCommand,
  synthCommand,
  agreementCommand,
  exportCommand,
  importTraceCommand,
  metricsCommand,
  foldsCommand,
  landmarksCommand,
  evalLandmarksCommand,
  trainCommand,
  inferCommand,
  applyCommand,
  completeCommand,
  extrasCommand,
  importDatasetCommand,
  analyzeCommand,
  compareCommand,
  runsCommand,
  datasetsCommand
]
