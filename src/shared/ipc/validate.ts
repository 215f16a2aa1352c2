/**
 * Argument validators for every invoke channel: hosts run them on untrusted input (IPC from a renderer, HTTP
 * bodies) before calling a handler. Field checks live in validate-fields.ts, request shapes in validate-requests.ts.
 */
import { CodedError } from '../errors'
import { THUMBNAIL_SIDE_RANGE } from '../image'
import type { InvokeChannel, InvokeMap, JobAction } from './contract'
import { arity, enumField, idField, intField, optional, pathField } from './validate-fields'
import { fineTuneRequestField, jobRequestField, restoreRequestField } from './validate-requests'

/** Checks untrusted arguments for a channel and returns them typed, or throws `bad-request`. */
export type ArgsValidator<C extends InvokeChannel> = (args: unknown[]) => Parameters<InvokeMap[C]>

const JOB_ACTIONS: readonly JobAction[] = ['pause', 'resume', 'cancel', 'retry']

function noArgs(channel: InvokeChannel): (args: unknown[]) => [] {
  return (args) => {
    if (args.length !== 0) throw new CodedError('bad-request', `${channel} takes no arguments, got ${args.length}.`)
    return []
  }
}

/** A channel whose only argument is an id (job, run or model). */
function oneId(channel: InvokeChannel, name: string): (args: unknown[]) => [string] {
  return (args) => {
    arity(channel, args, 1)
    return [idField(`${channel}: ${name}`, args[0])]
  }
}

/** A channel whose only argument is a path. */
function onePath(channel: InvokeChannel, name: string): (args: unknown[]) => [string] {
  return (args) => {
    arity(channel, args, 1)
    return [pathField(`${channel}: ${name}`, args[0])]
  }
}

/** Validators for every invoke channel; hosts run them before calling a handler. */
export const ARGS_VALIDATORS: { [C in InvokeChannel]: ArgsValidator<C> } = {
  'app:get-info': noArgs('app:get-info'),
  'files:list-dir': (args) => {
    arity('files:list-dir', args, 0, 1)
    return [optional(args[0], (v) => pathField('files:list-dir: path', v))]
  },
  'image:read-summary': onePath('image:read-summary', 'path'),
  'image:read-plane': (args) => {
    const c = 'image:read-plane'
    arity(c, args, 1)
    const r = args[0] as Record<string, unknown> | undefined
    if (typeof r !== 'object' || r === null) throw new CodedError('bad-request', 'image:read-plane needs {path, t, z, c}.')
    return [{ path: pathField(`${c}: path`, r.path), t: intField(`${c}: t`, r.t, 0, 1e7), z: intField(`${c}: z`, r.z, 0, 1e7), c: intField(`${c}: c`, r.c, 0, 1e7) }]
  },
  'image:thumbnail': (args) => {
    arity('image:thumbnail', args, 2)
    return [pathField('image:thumbnail: path', args[0]), intField('image:thumbnail: max side', args[1], ...THUMBNAIL_SIDE_RANGE)]
  },
  'dialog:pick-folder': noArgs('dialog:pick-folder'),
  'restore:start': (args) => {
    arity('restore:start', args, 1)
    return [restoreRequestField('restore:start: request', args[0])]
  },
  'restore:cancel': oneId('restore:cancel', 'run id'),
  'jobs:list': noArgs('jobs:list'),
  'jobs:get': oneId('jobs:get', 'job id'),
  'jobs:enqueue': (args) => {
    arity('jobs:enqueue', args, 1)
    return [jobRequestField('jobs:enqueue: request', args[0])]
  },
  'jobs:control': (args) => {
    arity('jobs:control', args, 2)
    return [idField('jobs:control: job id', args[0]), enumField('jobs:control: action', args[1], JOB_ACTIONS)]
  },
  'jobs:move': (args) => {
    arity('jobs:move', args, 2)
    return [idField('jobs:move: job id', args[0]), intField('jobs:move: position', args[1], 0, 1e6)]
  },
  'jobs:report': oneId('jobs:report', 'job id'),
  'models:list': noArgs('models:list'),
  'models:import': onePath('models:import', 'path'),
  'models:export': (args) => {
    arity('models:export', args, 2)
    return [idField('models:export: model id', args[0]), pathField('models:export: folder', args[1])]
  },
  'models:remove': oneId('models:remove', 'model id'),
  'finetune:discover': (args) => {
    arity('finetune:discover', args, 2)
    return [pathField('finetune:discover: low-quality folder', args[0]), pathField('finetune:discover: high-quality folder', args[1])]
  },
  'finetune:start': (args) => {
    arity('finetune:start', args, 1)
    return [fineTuneRequestField('finetune:start: request', args[0])]
  },
  'finetune:stop': oneId('finetune:stop', 'run id'),
  'finetune:list-runs': noArgs('finetune:list-runs')
}

/** Validates the arguments of `channel`, which itself comes from an untrusted source. */
export function validateInvoke(channel: string, args: unknown): { channel: InvokeChannel; args: unknown[] } {
  if (!Object.prototype.hasOwnProperty.call(ARGS_VALIDATORS, channel)) {
    throw new CodedError('unknown-channel', `Unknown channel "${channel}".`)
  }
  if (!Array.isArray(args)) throw new CodedError('bad-request', `Arguments for ${channel} must be an array.`)
  const typed = channel as InvokeChannel
  return { channel: typed, args: ARGS_VALIDATORS[typed](args) }
}
