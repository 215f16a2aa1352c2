#!/usr/bin/env node
'use strict'
// Runs the CLI from the TypeScript sources through tsx (no build step needed after `npm ci`).
const path = require('node:path')
require('tsx/cjs/api').register()
const { main } = require(path.join(__dirname, '..', 'src', 'cli', 'index.ts'))
main(process.argv.slice(2)).then((code) => {
  if (code !== 0) process.exitCode = code
})
