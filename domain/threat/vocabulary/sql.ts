// SQL functions and statements that give an injection more than a changed result: time
// (blind extraction), file access, command execution, out-of-band network. One list for the
// oracles (a call to one is decisive and is judged from the tree, never run where it would
// touch the host) and the rule families (their alternations are built from it).

export type SqlTechnique = 'time' | 'file_read' | 'file_write' | 'command' | 'network' | 'heavy';

export interface SqlCapability {
  /** Lower-case function or statement keyword as the dialect's parser names it. */
  name: string;
  technique: SqlTechnique;
  dialects: readonly ('postgres' | 'mysql' | 'mariadb' | 'mssql' | 'sqlite')[];
  /** What it gives the attacker, for the verdict's evidence. */
  gives: string;
  /**
   * How it is written when it is not a call `name(…)`: a lower-case regex source for the
   * statement form (`\binto\s+outfile\b`). Detectors match calls by name and these by pattern.
   */
  statement?: string;
}

const MY = ['mysql', 'mariadb'] as const;

export const SQL_CAPABILITIES: readonly SqlCapability[] = [
  { name: 'sleep', technique: 'time', dialects: MY, gives: 'a time channel: one bit per delayed response' },
  { name: 'benchmark', technique: 'time', dialects: MY, gives: 'a time channel through CPU load' },
  { name: 'pg_sleep', technique: 'time', dialects: ['postgres'], gives: 'a time channel: one bit per delayed response' },
  { name: 'pg_sleep_for', technique: 'time', dialects: ['postgres'], gives: 'a time channel: one bit per delayed response' },
  { name: 'pg_sleep_until', technique: 'time', dialects: ['postgres'], gives: 'a time channel: one bit per delayed response' },
  { name: 'waitfor', technique: 'time', dialects: ['mssql'], gives: 'a time channel (WAITFOR DELAY/TIME)', statement: String.raw`\bwaitfor\s+(?:delay|time)\b` },
  { name: 'load_file', technique: 'file_read', dialects: MY, gives: 'reads any file the database server may read' },
  { name: 'outfile', technique: 'file_write', dialects: MY, gives: 'writes a file on the database host (a web shell under the document root)', statement: String.raw`\binto\s+outfile\b` },
  { name: 'dumpfile', technique: 'file_write', dialects: MY, gives: 'writes a file on the database host', statement: String.raw`\binto\s+dumpfile\b` },
  { name: 'pg_read_file', technique: 'file_read', dialects: ['postgres'], gives: 'reads server files' },
  { name: 'lo_import', technique: 'file_read', dialects: ['postgres'], gives: 'reads a server file into a large object' },
  { name: 'lo_export', technique: 'file_write', dialects: ['postgres'], gives: 'writes a large object to a server file' },
  { name: 'pg_read_binary_file', technique: 'file_read', dialects: ['postgres'], gives: 'reads server files (bytes)' },
  { name: 'pg_ls_dir', technique: 'file_read', dialects: ['postgres'], gives: 'lists server directories' },
  { name: 'pg_stat_file', technique: 'file_read', dialects: ['postgres'], gives: 'probes server files (size, times)' },
  { name: 'dblink', technique: 'network', dialects: ['postgres'], gives: 'connects to another server from the database (out-of-band channel)' },
  { name: 'dblink_connect', technique: 'network', dialects: ['postgres'], gives: 'connects to another server from the database (out-of-band channel)' },
  { name: 'xp_cmdshell', technique: 'command', dialects: ['mssql'], gives: 'runs an operating-system command as the SQL Server service account' },
  { name: 'sp_oacreate', technique: 'command', dialects: ['mssql'], gives: 'instantiates COM objects (WScript.Shell): command execution' },
  { name: 'openrowset', technique: 'file_read', dialects: ['mssql'], gives: 'reads files (BULK) or reaches other servers' },
  { name: 'opendatasource', technique: 'network', dialects: ['mssql'], gives: 'connects to another server from the database' },
  { name: 'xp_dirtree', technique: 'network', dialects: ['mssql'], gives: 'out-of-band channel over SMB (and the service account NTLM hash)' },
  { name: 'load_extension', technique: 'command', dialects: ['sqlite'], gives: 'loads a native library: code execution in the application process' },
  { name: 'attach', technique: 'file_write', dialects: ['sqlite'], gives: 'creates or opens a database file anywhere the app may write', statement: String.raw`\battach\s+(?:database\s+)?['"]` },
  { name: 'randomblob', technique: 'heavy', dialects: ['sqlite'], gives: 'CPU/memory work sized by the attacker (time channel)' },
  { name: 'zeroblob', technique: 'heavy', dialects: ['sqlite'], gives: 'memory sized by the attacker' },
];

const byName = new Map(SQL_CAPABILITIES.map((c) => [c.name, c]));

/** The capability a function or keyword gives on `dialect`, if it is one (names compared lower-case, schema dropped). */
export function sqlCapability(name: string, dialect: string): SqlCapability | undefined {
  const c = byName.get(name.toLowerCase().replace(/^.*\./, ''));
  return c && (c.dialects as readonly string[]).includes(dialect) ? c : undefined;
}

/** Names of one technique (any dialect), for the rule families' alternations. */
export const sqlNames = (t: SqlTechnique): string[] => SQL_CAPABILITIES.filter((c) => c.technique === t).map((c) => c.name);

/**
 * Functions, variables and catalog tables an injection uses to read data out through the page
 * or an error (string building, type juggling, version and user probes, error-based
 * extraction), lower case. They give nothing beyond the query's own rights, so they are no
 * capability; the classifier's sql_function_call detector and the rule families read them.
 */
export const SQL_EXTRACTION_FUNCTIONS: readonly string[] = [
  'char', 'chr', 'concat', 'concat_ws', 'substring', 'substr', 'ascii', 'cast', 'convert', 'count', 'version', 'database',
  'user', 'extractvalue', 'updatexml', 'elt', 'rand', 'floor', 'md5', 'hex', 'unhex', 'group_concat',
  'utl_inaddr.get_host_address', 'ord', 'mid', 'ifnull', 'iif', 'nullif', 'exp',
];

/** Catalog tables and schemas that list the database's tables and columns (lower case). */
export const SQL_CATALOGS: readonly string[] = [
  'information_schema', 'sysobjects', 'syscolumns', 'sysdatabases', 'sqlite_master', 'pg_catalog', 'all_tables', 'mysql.user',
];

/** Time-delay calls outside the capability list (Oracle's package procedures). */
export const SQL_TIME_EXTRAS: readonly string[] = ['dbms_lock.sleep', 'dbms_pipe.receive_message'];

/**
 * Postgres procedural languages that are not sandboxed ("untrusted": a function in one runs
 * with the server's OS privileges), and C (a function bound to any symbol of any library, e.g.
 * libc's system()). `CREATE EXTENSION`, `CREATE LANGUAGE`, `CREATE FUNCTION … LANGUAGE` and `DO`
 * naming one give command execution as the postgres OS user.
 */
export const UNTRUSTED_PG_LANGUAGES: ReadonlySet<string> = new Set(['plpython3u', 'plpythonu', 'plpython2u', 'plperlu', 'pltclu', 'plsh', 'c']);

/** Postgres extensions that reach files or the network: `CREATE EXTENSION` of one gives that access. */
export const DANGEROUS_PG_EXTENSIONS: Readonly<Record<string, string>> = {
  adminpack: 'writes and removes server files',
  file_fdw: 'reads server files (and with a PROGRAM option runs commands) as foreign tables',
  dblink: 'connects to other servers from the database',
  postgres_fdw: 'connects to other servers from the database',
  lo: 'large-object management (lo_import/lo_export: server file read and write)',
};
