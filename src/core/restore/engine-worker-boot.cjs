'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bootstrap: require() is the point */
// Starts the engine worker from the TypeScript sources (CLI through bin/cvdm.js, vitest): registers tsx from this
// package's own node_modules (whatever the working directory), then runs engine-worker.ts.
require('tsx/cjs/api').register()
require('./engine-worker.ts')
