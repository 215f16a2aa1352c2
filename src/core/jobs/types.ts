/** The batch queue's types live in `src/shared/jobs.ts` (the UI and the hosts use them too); re-exported here. */
export * from '../../shared/jobs'
