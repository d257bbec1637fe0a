// Loaded first inside every sandbox worker: replaces every way Node code reaches the network
// or spawns processes with a function that throws SandboxNetworkDenied. Plain .mjs so it runs
// before any TypeScript loader is registered. syncBuiltinESMExports makes `import { connect }
// from 'node:net'` see the patched functions too.
import { syncBuiltinESMExports, createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export class SandboxNetworkDenied extends Error {
  constructor(what) {
    super(`SandboxNetworkDenied: ${what} is not allowed inside a sandbox`);
    this.name = 'SandboxNetworkDenied';
    this.code = 'ESANDBOXNET';
  }
}

const deny = (what) =>
  function denied() {
    throw new SandboxNetworkDenied(what);
  };

function patch(obj, names, prefix) {
  for (const n of names) if (typeof obj[n] === 'function') obj[n] = deny(`${prefix}.${n}`);
}

export function installNetGuard() {
  const net = require('node:net');
  patch(net, ['connect', 'createConnection', 'createServer'], 'net');
  net.Socket.prototype.connect = deny('net.Socket.connect');
  net.Server.prototype.listen = deny('net.Server.listen');
  patch(require('node:tls'), ['connect', 'createServer', 'createSecureContext'], 'tls');
  for (const mod of ['http', 'https', 'http2']) patch(require(`node:${mod}`), ['request', 'get', 'connect', 'createServer', 'createSecureServer'], mod);
  const dgram = require('node:dgram');
  patch(dgram, ['createSocket'], 'dgram');
  const dns = require('node:dns');
  const dnsNames = Object.keys(dns).filter((k) => /^(lookup|resolve|reverse)/.test(k));
  patch(dns, dnsNames, 'dns');
  patch(dns.promises, Object.keys(dns.promises).filter((k) => /^(lookup|resolve|reverse)/.test(k)), 'dns.promises');
  patch(require('node:child_process'), ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'child_process');
  for (const g of ['fetch', 'WebSocket', 'EventSource']) {
    if (g in globalThis) globalThis[g] = deny(g);
  }
  syncBuiltinESMExports();
}
