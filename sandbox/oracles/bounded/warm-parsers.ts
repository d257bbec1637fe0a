// Loads every parser once when an oracle host starts, before it says it is ready: libpg-query's
// wasm, node-sql-parser's four grammars, mvdan/sh's wasm instance, tree-sitter-powershell. Each
// takes from tens of milliseconds to seconds on a loaded machine, does not depend on any
// payload, and would otherwise count against the first call's bound (and answer "not judged").
// A warm spare's host loads only those its kind can be asked for (sandbox/warm/warm-up.ts).
import { parseSql } from '../sql-tree';
import { parseDialect } from '../sql/structure';
import { parseSh } from '../shell-parse';
import { withPowerShellTree } from '../shell/powershell-parse';
import type { OracleKind } from '../types';

/**
 * Resolves once every parser `kinds` need has parsed a fixed input of ours (all when omitted);
 * rejects if one cannot load. SQL needs libpg-query and the four grammars, command injection
 * mvdan/sh and tree-sitter-powershell; XSS and path oracles need none of these.
 */
export async function warmParsers(kinds?: readonly OracleKind[]): Promise<void> {
  const needs = (k: OracleKind) => !kinds || kinds.includes(k);
  if (needs('sql_injection')) {
    const pg = await parseSql('SELECT 1');
    if (!pg.ok) throw new Error(`libpg-query: ${pg.error}`);
    for (const d of ['mysql', 'mariadb', 'mssql', 'sqlite'] as const) parseDialect('SELECT 1', d);
  }
  if (needs('command_injection')) {
    parseSh('ls -la');
    await withPowerShellTree('Get-Item x', () => null);
  }
}
