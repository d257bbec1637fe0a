// Path-traversal oracle: decode the payload every way the target's server might (path-decode:
// per platform — any server, Windows/IIS, Tomcat/Jetty; PHP stream wrappers in path/php.ts),
// resolve it against a virtual document root, and look the result up in a virtual file system
// holding canary files outside the root. Exploit = a `..` traversal climbs out of the root, the
// resolved path reaches a canary file, or (Windows) a UNC path sends the open to another host.
// An absolute path that merely *replaces* the root (how `path.resolve(root, input)` treats
// `/home/x/a.png` or `C:\Users\…`) reads nothing unless it names a file that exists there.
import type { TargetStack } from '../../domain/threat/evidence/stack';
import { PIPELINES } from './path-decode';
import { judgeDecoded } from './path/judge';
import { phpContexts } from './path/php';
import { pathPlatforms, type PathPlatform } from './stack/select';
import { summarise, type ContextResult, type OracleResult } from './types';

export { VIRTUAL_FS, VIRTUAL_ROOT } from './path-fs';

function platformContexts(payload: string, platform: PathPlatform): ContextResult[] {
  if (platform === 'php') return phpContexts(payload);
  return PIPELINES.filter((p) => p.platforms.includes('any') || p.platforms.includes(platform)).flatMap((pipe) => judgeDecoded(pipe.run(payload), pipe.name, platform));
}

/** Judges `payload` on the declared server/OS (or every modelled platform: linux, windows, tomcat, php). */
export async function pathOracle(payload: string, stack?: TargetStack): Promise<OracleResult> {
  const platforms = pathPlatforms(stack);
  return summarise('path:virtual-fs', platforms.flatMap((p) => platformContexts(payload, p)), [], platforms);
}
