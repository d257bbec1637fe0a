// A small child process that runs the libmodsecurity harness for its parent (runtime/modsec.ts).
// Why: fork() from a worker process costs time in proportion to its memory (page tables):
// ~25 ms per harness run from a small process, ~100 ms from a 1.3 GB worker (measured), on the
// path of every generated rule. This process stays small, so its forks stay cheap.
//
// Messages: {id, file, args, input, timeoutMs} → {id, code, signal, stdout, stderr, message}.
// It exits when its parent goes (the IPC channel closes), so a killed worker leaves no orphan.
import { execFile } from 'node:child_process';

process.on('message', ({ id, file, args, input, timeoutMs }) => {
  const child = execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
    const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
    process.send({ id, code, signal: err?.signal ?? null, stdout, stderr, message: err?.message ?? null });
  });
  child.stdin.on('error', () => {}); // a harness that exits early: its exit code says why
  child.stdin.end(input);
});
process.on('disconnect', () => process.exit(0));
