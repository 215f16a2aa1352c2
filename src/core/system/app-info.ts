import os from 'node:os'
import type { AppInfo, BackendInfo, HostKind } from '../../shared/app-info'
import { describeInference, TFJS_VERSION } from '../engine'

/** Package name and version of the app, read once by the host. */
export interface AppIdentity {
  name: string
  version: string
}

/** Collects what `app:get-info` reports: versions, platform, active backend, where inference runs, CPU and memory. */
export function collectAppInfo(identity: AppIdentity, host: HostKind, backend: BackendInfo): AppInfo {
  const cpus = os.cpus()
  const versions: AppInfo['versions'] = { node: process.versions.node, tfjs: TFJS_VERSION }
  if (process.versions.electron) versions.electron = process.versions.electron
  if (process.versions.chrome) versions.chrome = process.versions.chrome
  return {
    ...identity,
    host,
    platform: process.platform,
    arch: process.arch,
    versions,
    backend,
    inference: describeInference(),
    cpu: { model: cpus[0]?.model.trim() ?? 'unknown', cores: os.availableParallelism?.() ?? cpus.length },
    memory: { total: os.totalmem(), free: os.freemem() }
  }
}
