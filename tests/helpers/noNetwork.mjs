/**
 * Loaded with `node --import` (NODE_OPTIONS) into a child process: every way Node opens a socket or asks DNS
 * (net/tls connect, http/https request, dns lookups and resolvers, fetch, WebSocket) throws instead, and each
 * attempt is written to stderr as a line `NETWORK-ATTEMPT <api> <target>` so the test can list them.
 * Local IPC (a net.connect to a pipe or Unix socket path) is allowed: it is not the network.
 */
import fs from 'node:fs';
import dns from 'node:dns';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

// Default imports of built-ins are the very objects require() returns, so patching them reaches every caller.

function attempt(api, target) {
  let shown;
  try {
    shown = typeof target === 'string' ? target : JSON.stringify(target, (k, v) => (k === 'agent' || typeof v === 'function' ? undefined : v));
  } catch {
    shown = String(target);
  }
  fs.writeSync(2, `NETWORK-ATTEMPT ${api} ${String(shown).slice(0, 200)}\n`);
  const error = new Error(`network access blocked in this test: ${api}`);
  error.code = 'ENETUNREACH';
  throw error;
}

function isLocalPipe(args) {
  const first = args[0];
  if (typeof first === 'string' && !/^\d+$/.test(first)) return true;
  if (first && typeof first === 'object' && typeof first.path === 'string') return true;
  return false;
}

for (const name of ['connect', 'createConnection']) {
  const original = net[name];
  net[name] = function (...args) {
    if (isLocalPipe(args)) return original.apply(this, args);
    return attempt(`net.${name}`, args[0]);
  };
}
const socketConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  if (isLocalPipe(args) || (Array.isArray(args[0]) && args[0].length > 0)) return socketConnect.apply(this, args);
  return attempt('net.Socket.connect', args[0]);
};

tls.connect = (...args) => attempt('tls.connect', args[0]);

for (const [label, m] of [['http', http], ['https', https], ['http2', http2]]) {
  for (const name of ['request', 'get', 'connect']) {
    if (typeof m[name] === 'function') m[name] = (...args) => attempt(`${label}.${name}`, args[0]);
  }
}

for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse']) {
  if (typeof dns[name] === 'function') dns[name] = (...args) => attempt(`dns.${name}`, args[0]);
  if (dns.promises && typeof dns.promises[name] === 'function') dns.promises[name] = (...args) => Promise.reject(new Error(`blocked dns.promises.${name}`, { cause: attempt.bind(null, `dns.promises.${name}`, args[0]) }));
}
if (typeof globalThis.fetch === 'function') globalThis.fetch = (input) => Promise.resolve().then(() => attempt('fetch', String(input)));
if (typeof globalThis.WebSocket === 'function') globalThis.WebSocket = function (url) { attempt('WebSocket', String(url)); };
