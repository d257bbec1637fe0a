// Which modelled targets an oracle judges a payload on: the declared part of `target.stack`,
// or every modelled alternative when the evidence leaves it out. A declared target the
// sandbox does not model falls back to every modelled one, and says so.
import type { TargetStack } from '../../../domain/threat/evidence/stack';

export type SqlEngine = 'postgres' | 'mysql' | 'mariadb' | 'mssql' | 'sqlite';
export type ShellKind = 'sh' | 'cmd' | 'powershell';
export type PathPlatform = 'linux' | 'windows' | 'tomcat' | 'php';

export const SQL_ENGINES: readonly SqlEngine[] = ['postgres', 'mysql', 'mariadb', 'mssql', 'sqlite'];
export const SHELL_KINDS: readonly ShellKind[] = ['sh', 'cmd', 'powershell'];
export const PATH_PLATFORMS: readonly PathPlatform[] = ['linux', 'windows', 'tomcat', 'php'];

/** MariaDB is judged when declared; undeclared, MySQL's lexer and grammar stand for both. */
export function sqlEngines(stack?: TargetStack): SqlEngine[] {
  return stack?.database ? [stack.database] : SQL_ENGINES.filter((e) => e !== 'mariadb');
}

export function shellKinds(stack?: TargetStack): ShellKind[] {
  if (stack?.shell === 'sh' || stack?.shell === 'bash') return ['sh'];
  if (stack?.shell === 'cmd') return ['cmd'];
  if (stack?.shell === 'powershell') return ['powershell'];
  if (!stack?.shell && stack?.os === 'linux') return ['sh'];
  // A Windows app hands a command line to cmd.exe or to PowerShell: both, when it does not say.
  if (!stack?.shell && stack?.os === 'windows') return ['cmd', 'powershell'];
  return [...SHELL_KINDS];
}

/** Path decodings by server: Tomcat/Jetty path parameters, IIS/Windows separators, PHP stream wrappers, on the host's OS. */
export function pathPlatforms(stack?: TargetStack): PathPlatform[] {
  if (!stack?.server && !stack?.os) return [...PATH_PLATFORMS];
  const os: PathPlatform = stack.os === 'windows' || stack.server === 'iis' ? 'windows' : 'linux';
  if (stack.server === 'tomcat' || stack.server === 'jetty') return ['tomcat', os];
  if (stack.server === 'php') return ['php', os];
  return [os];
}
