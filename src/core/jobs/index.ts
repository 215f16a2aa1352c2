/** Public API of the persistent batch queue (see DESIGN.md §1, jobs/). */
export { JobQueue } from './queue'
export type { JobQueueOptions } from './queue'
export type { RunOptions } from './run-loop'
export { appHome, jobsHome, APP_DIR_NAME } from './app-home'
export { DEFAULT_RESTORE_OPTIONS, validateRestoreOptions, normalizeRequest, jobIdFor, resolveFiles } from './job-spec'
export { parseShard, shardOf, inShard, fnv1a32 } from './shard'
export { tempPathFor, writeFileAtomic, TEMP_SUFFIX } from './atomic'
export { outputsFor, OWN_ARTIFACT } from './output-names'
export { DEFAULT_GLOB } from './glob'
export { buildReport, reportMarkdown, reportPaths } from './report'
export type { JobReport, RunInfo } from './report'
export { isTerminal } from './summary'
export { FILE_STATUSES } from './types'
export type {
  FileEntry,
  FileProcessor,
  FileSnapshot,
  FileStatus,
  JobChanged,
  JobControl,
  JobEventMap,
  JobProgress,
  JobRequest,
  JobSnapshot,
  JobSpec,
  JobState,
  JobSummary,
  JobsEmit,
  OnExists,
  RestoreOptions,
  Roi,
  SamplerKind,
  Shard
} from './types'
/** A real file-transforming processor for tests and benches (not for production use). */
export { createTransformProcessor, expectedOutput } from './testing/transform-processor'
export type { TransformProcessorOptions } from './testing/transform-processor'
