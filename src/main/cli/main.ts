/** Entry of the `circumplex` command (built to out/main/cli.js; bin/circumplex runs it). */
import { runCli } from './run-cli'

void runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd()
}).then((code) => {
  process.exitCode = code
})
