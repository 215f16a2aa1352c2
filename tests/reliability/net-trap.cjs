'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload: require is how it loads */
/**
 * No-network trap, loaded with NODE_OPTIONS="--require <this file>" so that every Node process of a command
 * (forked engine workers included) gets it. It replaces the ways out of the machine (net/tls connects, dns,
 * http(s) requests, fetch, the undici dispatcher, UDP sends) with functions that append one JSON line
 * {pid, module, fn, target} to the file named by CVDM_NET_TRAP_LOG and then throw. Local IPC (a socket *path*,
 * not a host) is let through and logged with `"ipc": true`, as it never leaves the machine.
 */
const fs = require('node:fs')
const LOG = process.env.CVDM_NET_TRAP_LOG

// One line per process that loaded the trap, so a test can check that forked workers have it too.
if (LOG) fs.appendFileSync(LOG, JSON.stringify({ loaded: true, pid: process.pid, ppid: process.ppid, script: String(process.argv[1] || '') }) + '\n')

function record(module, fn, target, ipc) {
  const line = JSON.stringify({ pid: process.pid, module, fn, target: String(target).slice(0, 200), ipc: Boolean(ipc) }) + '\n'
  if (LOG) fs.appendFileSync(LOG, line)
  else process.stderr.write(`net-trap: ${line}`)
}

function blocked(module, fn, target) {
  record(module, fn, target, false)
  const error = new Error(`net-trap: ${module}.${fn}(${target}) blocked: CVDM Studio must not use the network`)
  error.code = 'ENETUNREACH'
  return error
}

/** The host:port or path an options/arguments list names. */
function describeTarget(args) {
  const [a, b] = args
  if (Array.isArray(a)) return describeTarget(a)
  if (a && typeof a === 'object' && !(a instanceof URL)) {
    if (a.path || a.socketPath) return { path: a.path || a.socketPath }
    return { host: `${a.hostname || a.host || 'localhost'}:${a.port || ''}` }
  }
  if (typeof a === 'string' && !/^\d+$/.test(a)) return { path: a } // connect(path[, listener])
  if (typeof a === 'number' || /^\d+$/.test(String(a))) return { host: `${typeof b === 'string' ? b : 'localhost'}:${a}` }
  return { host: String(a) }
}

const net = require('node:net')
const originalSocketConnect = net.Socket.prototype.connect
net.Socket.prototype.connect = function connect(...args) {
  const target = describeTarget(args)
  if (target.path) {
    record('net', 'Socket.connect', target.path, true)
    return originalSocketConnect.apply(this, args)
  }
  throw blocked('net', 'Socket.connect', target.host)
}
for (const fn of ['connect', 'createConnection']) {
  const original = net[fn]
  net[fn] = function (...args) {
    const target = describeTarget(args)
    if (target.path) {
      record('net', fn, target.path, true)
      return original.apply(this, args)
    }
    throw blocked('net', fn, target.host)
  }
}

const tls = require('node:tls')
tls.connect = function (...args) {
  throw blocked('tls', 'connect', describeTarget(args).host ?? describeTarget(args).path)
}

const dns = require('node:dns')
const DNS_FNS = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'resolvePtr', 'resolveNaptr', 'resolveSoa', 'resolveCaa', 'reverse']
function trapDns(target, module) {
  for (const fn of DNS_FNS) {
    if (typeof target[fn] !== 'function') continue
    target[fn] = function (host) {
      throw blocked(module, fn, host)
    }
  }
}
trapDns(dns, 'dns')
trapDns(dns.promises, 'dns.promises')
trapDns(dns.Resolver.prototype, 'dns.Resolver')
trapDns(dns.promises.Resolver.prototype, 'dns.promises.Resolver')

for (const name of ['http', 'https']) {
  const mod = require(`node:${name}`)
  for (const fn of ['request', 'get']) {
    mod[fn] = function (...args) {
      const a = args[0]
      const target = typeof a === 'string' || a instanceof URL ? String(a) : describeTarget(args).host ?? describeTarget(args).path
      throw blocked(name, fn, target)
    }
  }
}

const dgram = require('node:dgram')
dgram.Socket.prototype.send = function (msg, ...rest) {
  throw blocked('dgram', 'send', rest.filter((x) => typeof x === 'string' || typeof x === 'number').join(':'))
}

if (typeof globalThis.fetch === 'function') {
  globalThis.fetch = async function fetch(input) {
    throw blocked('fetch', 'fetch', typeof input === 'string' ? input : (input && (input.url || input.href)) || String(input))
  }
}
// undici (Node's fetch, and the npm package) sends every request through this global dispatcher.
globalThis[Symbol.for('undici.globalDispatcher.1')] = {
  dispatch(options) {
    throw blocked('undici', 'dispatch', `${options && options.origin}${(options && options.path) || ''}`)
  },
  close: async () => undefined,
  destroy: async () => undefined,
  on() {
    return this
  }
}

// Make ESM `import { connect } from 'node:net'` (and the other named imports) see the trapped functions too.
require('node:module').syncBuiltinESMExports()
