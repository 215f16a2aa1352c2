import type { Command } from 'commander'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import { initBackend, resolveBackendRequest } from '../../core/engine'
import { appHome } from '../../core/jobs'
import { collectAppInfo, createAppServices, createInvokeHandlers } from '../../core/system'
import type { EventSink } from '../../shared/ipc'
import { startServer } from '../../server'
import { PACKAGE_ROOT, readAppIdentity } from '../app-identity'
import { modelDirs } from '../model-dirs'

const collect = (value: string, previous: string[]): string[] => [...previous, value]

/** Registers `cvdm serve`: the UI and the contract over HTTP + WebSocket on 127.0.0.1, token-protected. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the app in a browser: UI + API on 127.0.0.1, protected by a per-start token')
    .option('-p, --port <port>', 'TCP port (0 = any free port)', '5170')
    .option('--host <host>', 'interface to bind (exposing beyond loopback is at your own risk)', '127.0.0.1')
    .option('--renderer <dir>', 'folder of the built UI', path.join(PACKAGE_ROOT, 'out', 'renderer'))
    .option('--root <dir>', 'a folder the UI may browse, open and write outputs into (repeatable; default: your home folder)', collect, [])
    .option('--json', 'print {"url", "token", "port"} as one JSON line instead of text')
    .action(async (options: { port: string; host: string; renderer: string; root: string[]; json?: boolean }) => {
      const { backend } = program.opts<{ backend?: string }>()
      const port = Number(options.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new CodedError('bad-request', `--port must be an integer 0–65535, got "${options.port}".`)
      }
      if (!existsSync(path.join(options.renderer, 'index.html'))) {
        throw new CodedError('not-found', `The UI is not built (${options.renderer}/index.html is missing). Run "npm run build" first.`)
      }
      const request = resolveBackendRequest(backend)
      const identity = readAppIdentity()
      const roots = (options.root.length ? options.root : [os.homedir()]).map((r) => path.resolve(r))
      for (const root of roots) {
        if (!existsSync(root)) throw new CodedError('not-found', `--root ${root} does not exist.`)
      }
      // Services push events before the server exists only in theory: the sink is bound once it listens.
      let emit: EventSink = () => undefined
      const app = createAppServices({
        identity,
        home: appHome(),
        modelDirs: modelDirs() as Required<ReturnType<typeof modelDirs>>,
        emit: (channel, ...payload) => emit(channel, ...payload),
        onError: (error) => process.stderr.write(`jobs: ${String(error)}\n`)
      })
      const handlers = createInvokeHandlers({ host: 'browser', identity, roots, appFolders: app.appFolders, services: app.services, emit: (c, ...p) => emit(c, ...p) })
      const server = await startServer({ host: options.host, port, rendererDir: options.renderer, handlers })
      emit = server.emit
      if (options.json) process.stdout.write(JSON.stringify({ url: server.url, token: server.token, port: server.port }) + '\n')
      else process.stdout.write(`CVDM Studio is serving at\n  ${server.url}\nPress Ctrl+C to stop.\n`)
      void initBackend(request).then(
        (info) => server.emit('app:info-changed', collectAppInfo(identity, 'browser', info)),
        (error: Error) => process.stderr.write(`backend: ${error.message}\n`)
      )
      const stop = (): void => void server.dispose().then(() => app.dispose()).then(() => process.exit(0))
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
}
