// Sandbox worker bootstrap: deny network/processes FIRST, then register the TypeScript
// loader (tsx) for this thread and run the task. Works under vitest and plain node.
//
// Two ways in: a cold sandbox gets its task in workerData; a warm spare (sandbox/warm/)
// gets `spare: <oracle kind>`, loads and warms that kind's oracle on a fixed payload of ours,
// says `ready`, and then runs the ONE task it is sent. It never takes a second one: the runner
// terminates it once the result is back.
import { parentPort, workerData } from 'node:worker_threads';
import { installNetGuard } from './net-guard.mjs';

installNetGuard();
// Compiled modules under the compiled CLI, else tsx (runtime/thread-modules.mjs: no esbuild zombie per sandbox).
const { importThreadModule, registerTsx } = await import('../runtime/thread-modules.mjs');
const oracles = () => importThreadModule(new URL('./oracles/index.ts', import.meta.url), 'thread-sandbox-oracles');

async function runTask(task) {
  try {
    let result;
    if (task.type === 'oracle') {
      const { runOracle } = await oracles();
      result = await runOracle(task.kind, task.payload, task.stack);
    } else if (task.type === 'oracles') {
      // One evidence's payloads in one sandbox: start-up (isolate, tsx, parsers) dominates a run.
      const { runOracle } = await oracles();
      result = [];
      for (const item of task.items) result.push(await runOracle(item.kind, item.payload, item.stack));
    } else {
      // Custom simulation module (tests, future simulators): default export (input) => result.
      // A module of ours (`compiled`) comes from dist/ under the compiled CLI; any other through tsx.
      const mod = task.compiled ? await importThreadModule(task.module, task.compiled) : await registerTsx().then(() => import(task.module));
      result = await mod.default(task.input);
    }
    parentPort.postMessage({ status: 'ok', result });
  } catch (e) {
    parentPort.postMessage({ status: 'error', error: { name: e?.name ?? 'Error', message: String(e?.message ?? e) } });
  }
}

// The SQL canary database's snapshot (sandbox/warm/canary-snapshot.ts), for the oracle host this
// sandbox starts; absent until the runner has made it (initdb then, as before).
if (workerData.canarySnapshot) (await oracles()).setCanarySnapshot(workerData.canarySnapshot);

if (workerData.spare) {
  const { warmUp } = await importThreadModule(new URL('./warm/warm-up.ts', import.meta.url), 'thread-sandbox-warm-up');
  await warmUp(workerData.spare);
  parentPort.once('message', (task) => void runTask(task));
  parentPort.postMessage({ status: 'ready' });
} else {
  await runTask(workerData.task);
}
