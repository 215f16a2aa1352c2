/**
 * Handlers of the restore, model and fine-tune channels: check every path against the roots, call the service,
 * forward its events to the attached UI. Thin adapters (STYLE.md rule 13).
 */
import { CodedError } from '../../shared/errors'
import type { EventSink, InvokeHandlers } from '../../shared/ipc'
import type { PathGuard } from './path-guard'
import type { DomainServices } from './services'

/** What the domain handlers need from the host. */
export interface DomainContext {
  guard: PathGuard
  /** The services this host has (a missing one answers with a coded error). */
  services: Partial<DomainServices>
  /** Where service events go (IPC to our window, WebSocket broadcast). */
  emit: EventSink
}

/** The service `name`, or a coded error saying this host lacks it. */
export function need<K extends keyof DomainServices>(services: Partial<DomainServices>, name: K): DomainServices[K] {
  const service = services[name]
  if (!service) throw new CodedError('backend-unavailable', `This app host has no ${name} service (it is still starting, or was built without it).`)
  return service
}

type Channels = 'restore:start' | 'restore:cancel' | 'models:list' | 'models:import' | 'models:export' | 'models:remove'
type FineTuneChannels = 'finetune:discover' | 'finetune:start' | 'finetune:stop' | 'finetune:list-runs'

/** Handlers of `restore:*` and `models:*`. */
export function restoreAndModelHandlers({ guard, services, emit }: DomainContext): Pick<InvokeHandlers, Channels> {
  return {
    'restore:start': async (request) => {
      const input = await guard.readable(request.input)
      const outputDir = request.outputDir === undefined ? undefined : await guard.writableFolder(request.outputDir)
      return need(services, 'restore').start(
        { ...request, input, ...(outputDir ? { outputDir } : {}) },
        { progress: (e) => emit('restore:progress', e), finished: (e) => emit('restore:finished', e) }
      )
    },
    'restore:cancel': (runId) => need(services, 'restore').cancel(runId),
    'models:list': () => need(services, 'models').list(),
    'models:import': async (source) => need(services, 'models').importModel(await guard.readable(source)),
    'models:export': async (id, folder) => need(services, 'models').exportModel(id, await guard.writableFolder(folder)),
    'models:remove': (id) => need(services, 'models').remove(id)
  }
}

/** Handlers of `finetune:*`. */
export function fineTuneHandlers({ guard, services, emit }: DomainContext): Pick<InvokeHandlers, FineTuneChannels> {
  return {
    'finetune:discover': async (low, high) => need(services, 'discoverPairs')(await guard.readable(low), await guard.readable(high)),
    'finetune:start': async (request) => {
      const lowDir = await guard.readable(request.lowDir)
      const highDir = await guard.readable(request.highDir)
      return need(services, 'finetune').start(
        { ...request, lowDir, highDir },
        {
          progress: (e) => emit('finetune:progress', e),
          eval: (e) => emit('finetune:eval', e),
          finished: (e) => emit('finetune:finished', e)
        }
      )
    },
    'finetune:stop': (runId) => need(services, 'finetune').stop(runId),
    'finetune:list-runs': () => need(services, 'finetune').listRuns()
  }
}
