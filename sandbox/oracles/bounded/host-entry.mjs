// The oracle host's thread: net/process guard first (a new isolate has none), then a cap on
// every WebAssembly memory (PGlite, sql.js, sh-syntax), then the oracles. It runs one call at
// a time and tells the parent when an engine executes or boots; the parent's watchdog
// (host.ts) terminates this thread when a statement or a call outlasts its bound.
import { parentPort, workerData } from 'node:worker_threads';
import { installNetGuard } from '../../net-guard.mjs';

installNetGuard();

// Emscripten grows its heap through WebAssembly.Memory.prototype.grow (emscripten_resize_heap);
// a throw there makes malloc fail, which the engine reports as "out of memory" for the statement.
const capBytes = workerData.memoryMb * 1024 * 1024;
const grow = WebAssembly.Memory.prototype.grow;
WebAssembly.Memory.prototype.grow = function (pages) {
  if (this.buffer.byteLength + pages * 65536 > capBytes) {
    throw new RangeError(`WebAssembly memory would exceed the oracle host's ${workerData.memoryMb} MB cap`);
  }
  return grow.call(this, pages);
};

const { register } = await import('tsx/esm/api');
register();
if (workerData.canarySnapshot) (await import('../sql-canary.ts')).useCanarySnapshot(workerData.canarySnapshot);
const { setWatch } = await import('./watch.ts');
const { judgeInProcess } = await import('../dispatch.ts');
const { warmParsers } = await import('./warm-parsers.ts');
// Parser start-up is not the payload's doing: done before `ready`, outside every call's bound.
await warmParsers(workerData.parsersFor);

let id = 0;
const post = (m) => parentPort.postMessage({ ...m, id });
setWatch({
  exec: (engine, context) => post({ type: 'exec', engine, context }),
  execDone: () => post({ type: 'execDone' }),
  bootStart: () => post({ type: 'bootStart' }),
  bootDone: () => post({ type: 'bootDone' }),
});

parentPort.on('message', async (m) => {
  id = m.id;
  try {
    post({ type: 'result', result: await judgeInProcess(m.kind, m.payload, m.stack) });
  } catch (e) {
    post({ type: 'error', error: { name: e?.name ?? 'Error', message: String(e?.message ?? e) } });
  }
});
parentPort.postMessage({ type: 'ready' });
