import type { Command } from 'commander'
import { initBackend, resolveBackendRequest } from '../../core/engine'
import { collectAppInfo } from '../../core/system'
import { readAppIdentity } from '../app-identity'
import { formatAppInfo } from '../format'

/** Registers `cvdm info`: versions, platform, active backend (and why better ones were skipped), CPU, memory. */
export function registerInfoCommand(program: Command): void {
  program
    .command('info')
    .description('show versions, the active compute backend (and why better ones were skipped), CPU and memory')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const { backend } = program.opts<{ backend?: string }>()
      const info = collectAppInfo(readAppIdentity(), 'cli', await initBackend(resolveBackendRequest(backend)))
      process.stdout.write(options.json ? JSON.stringify(info, null, 2) + '\n' : formatAppInfo(info) + '\n')
    })
}
