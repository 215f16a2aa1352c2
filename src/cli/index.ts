/** Composition root of the `cvdm` command. */
import { Command, CommanderError } from 'commander'
import { toErrorInfo } from '../shared/errors'
import { BACKEND_NAMES } from '../shared/app-info'
import { registerConvertCommand } from './commands/convert'
import { registerInfoCommand } from './commands/info'
import { registerServeCommand } from './commands/serve'
import { registerPredictCommand } from './commands/predict'
import { registerTrainCommand } from './commands/train'
import { registerDemoCommand } from './commands/demo'
import { registerSynthCommand } from './commands/synth'
import { registerBatchCommand } from './commands/batch'
import { registerJobsCommand } from './commands/jobs'
import { registerModelsCommand } from './commands/models'
import { registerBenchCommand } from './commands/bench'
import { batchDeps } from './batch-deps'
import { readAppIdentity } from './app-identity'
import { EXIT, EXIT_HELP, exitCodeFor } from './exit-codes'

/** Builds the command tree (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('cvdm')
    .description('CVDM Studio: restore microscopy images locally with a Conditional Variational Diffusion Model')
    .version(readAppIdentity().version)
    .option('--backend <name>', `compute backend: ${BACKEND_NAMES.join(' | ')} (default: best available; env CVDM_BACKEND)`)
    .addHelpText('after', `\n${EXIT_HELP}\n`)
    .exitOverride()
  registerInfoCommand(program)
  registerConvertCommand(program)
  registerServeCommand(program)
  registerPredictCommand(program)
  registerTrainCommand(program)
  registerDemoCommand(program)
  registerSynthCommand(program)
  registerBatchCommand(program, batchDeps(program))
  registerJobsCommand(program)
  registerModelsCommand(program)
  registerBenchCommand(program)
  return program
}

/** Runs the CLI with `argv` and resolves to the exit code; errors are printed as `error [code]: message`. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' })
    return EXIT.ok
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    const info = toErrorInfo(error)
    process.stderr.write(`error [${info.code}]: ${info.message}\n`)
    if (info.code === 'internal' && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n')
    return exitCodeFor(info.code)
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    if (code !== EXIT.ok) process.exitCode = code
  })
}
