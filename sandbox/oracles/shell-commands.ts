// The POSIX oracle's view of the product's command vocabulary (domain/threat/vocabulary).
import { POSIX_COMMANDS } from '../../domain/threat/vocabulary/commands';

export const EXECUTABLES: ReadonlySet<string> = POSIX_COMMANDS;

/** A command word that runs a program: a known name, or an explicit path (`/bin/sh`, `./x`, `~/p`). */
export function runsProgram(name: string): boolean {
  return EXECUTABLES.has(name) || (/^(\/|\.\.?\/|~\/)./.test(name) && !name.endsWith('/'));
}
