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

// Compiled modules under the compiled CLI, else tsx (runtime/thread-modules.mjs: no esbuild zombie per host).
const { importThreadModule } = await import('../../../runtime/thread-modules.mjs');
if (workerData.canarySnapshot) (await importThreadModule(new URL('../sql-canary.ts', import.meta.url), 'thread-sql-canary')).useCanarySnapshot(workerData.canarySnapshot);
const { setWatch } = await importThreadModule(new URL('./watch.ts', import.meta.url), 'thread-bounded-watch');
const { judgeInProcess } = await importThreadModule(new URL('../dispatch.ts', import.meta.url), 'thread-bounded-dispatch');
const { warmParsers } = await importThreadModule(new URL('./warm-parsers.ts', import.meta.url), 'thread-bounded-warm-parsers');
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
