// What the oracle host's watchdog needs to know from inside an oracle call: when an embedded
// engine starts and finishes executing attacker-shaped SQL (the statement timeout runs only
// then, and a kill during it is a finding), and when an engine boots (start-up does not depend
// on the payload, so the call's bound pauses). In-process, without a host, these do nothing.

export interface Watch {
  /** `engine` ('postgres', 'sqlite') starts running the statement of template `context`. */
  exec(engine: string, context: string): void;
  execDone(): void;
  bootStart(): void;
  bootDone(): void;
}

const NONE: Watch = { exec() {}, execDone() {}, bootStart() {}, bootDone() {} };
let current: Watch = NONE;

/** Installed once by the oracle host (host-entry.mjs). */
export function setWatch(w: Watch): void {
  current = w;
}

/** Runs one engine execution under the statement timeout (the host kills the engine past it). */
export async function watchedExec<T>(engine: string, context: string, run: () => Promise<T> | T): Promise<T> {
  current.exec(engine, context);
  try {
    return await run();
  } finally {
    current.execDone();
  }
}

/** Boots an engine outside the call's time bound. */
export async function engineBoot<T>(boot: () => Promise<T>): Promise<T> {
  current.bootStart();
  try {
    return await boot();
  } finally {
    current.bootDone();
  }
}
