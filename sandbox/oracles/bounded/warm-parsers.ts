// Loads every parser once when an oracle host starts, before it says it is ready: libpg-query's
// wasm, node-sql-parser's four grammars, mvdan/sh's wasm instance, tree-sitter-powershell. Each
// takes from tens of milliseconds to seconds on a loaded machine, does not depend on any
// payload, and would otherwise count against the first call's bound (and answer "not judged").
import { parseSql } from '../sql-tree';
import { parseDialect } from '../sql/structure';
import { parseSh } from '../shell-parse';
import { withPowerShellTree } from '../shell/powershell-parse';

/** Resolves once every parser has parsed a fixed input of ours; rejects if one cannot load. */
export async function warmParsers(): Promise<void> {
  const pg = await parseSql('SELECT 1');
  if (!pg.ok) throw new Error(`libpg-query: ${pg.error}`);
  for (const d of ['mysql', 'mariadb', 'mssql', 'sqlite'] as const) parseDialect('SELECT 1', d);
  parseSh('ls -la');
  await withPowerShellTree('Get-Item x', () => null);
}
