// PowerShell command names (cmdlets and their built-in aliases) that act on a host: read or
// write files, run programs or code, download, query users, services, processes and the
// network. Beside WINDOWS_COMMANDS (commands.ts): PowerShell also runs every program on PATH.
// Looked up case-insensitively, as PowerShell does; a name that is neither is "not recognized
// as the name of a cmdlet", nothing runs.
import { windowsCommand } from './commands';

const CMDLETS = `
invoke-expression invoke-command invoke-item invoke-webrequest invoke-restmethod invoke-wmimethod
invoke-cimmethod start-process start-job start-bitstransfer new-object add-type import-module
get-content set-content add-content out-file clear-content remove-item copy-item move-item
rename-item new-item get-item get-childitem get-itemproperty set-itemproperty get-acl set-acl
get-process stop-process get-service stop-service start-service set-service new-service
get-wmiobject get-ciminstance get-localuser get-localgroup get-localgroupmember new-localuser
add-localgroupmember get-aduser get-adcomputer get-adgroupmember get-computerinfo get-hotfix
get-netipconfiguration get-netipaddress get-nettcpconnection get-netadapter get-dnsclientcache
test-connection test-netconnection resolve-dnsname get-credential convertto-securestring
set-executionpolicy set-mppreference add-mppreference get-mpcomputerstatus get-scheduledtask
register-scheduledtask get-childitem get-psdrive new-psdrive get-eventlog get-winevent clear-eventlog
compress-archive expand-archive out-string write-output get-clipboard restart-computer stop-computer
`;

// Built-in aliases (Get-Alias on a stock Windows PowerShell 5.1) of the cmdlets above.
const ALIASES: Record<string, string> = {
  iex: 'invoke-expression', icm: 'invoke-command', ii: 'invoke-item', iwr: 'invoke-webrequest', irm: 'invoke-restmethod',
  wget: 'invoke-webrequest', curl: 'invoke-webrequest', saps: 'start-process', start: 'start-process', sajb: 'start-job',
  ipmo: 'import-module', gc: 'get-content', cat: 'get-content', type: 'get-content', sc: 'set-content', ac: 'add-content',
  rm: 'remove-item', del: 'remove-item', erase: 'remove-item', rd: 'remove-item', ri: 'remove-item', rmdir: 'remove-item',
  cp: 'copy-item', copy: 'copy-item', cpi: 'copy-item', mv: 'move-item', move: 'move-item', mi: 'move-item',
  ren: 'rename-item', rni: 'rename-item', ni: 'new-item', gi: 'get-item', ls: 'get-childitem', dir: 'get-childitem',
  gci: 'get-childitem', gp: 'get-itemproperty', sp: 'set-itemproperty', ps: 'get-process', gps: 'get-process',
  kill: 'stop-process', spps: 'stop-process', gsv: 'get-service', spsv: 'stop-service', sasv: 'start-service',
  gwmi: 'get-wmiobject', gcim: 'get-ciminstance', echo: 'write-output', write: 'write-output', gcb: 'get-clipboard',
};

export const POWERSHELL_CMDLETS: ReadonlySet<string> = new Set(CMDLETS.trim().split(/\s+/));

/** The built-in aliases of those cmdlets (`iex`, `iwr`, `gci`, `gc`), lower case. */
export const POWERSHELL_ALIASES: ReadonlySet<string> = new Set(Object.keys(ALIASES));

/** Every PowerShell name that runs one of the cmdlets above: cmdlets and aliases, lower case. */
export const POWERSHELL_NAMES: ReadonlySet<string> = new Set([...POWERSHELL_CMDLETS, ...POWERSHELL_ALIASES]);

/** Commands that reveal the host even without arguments (PowerShell's and Windows' own). */
export const POWERSHELL_RECON: ReadonlySet<string> = new Set([
  'get-process', 'get-service', 'get-childitem', 'get-localuser', 'get-localgroup', 'get-computerinfo', 'get-hotfix',
  'get-netipconfiguration', 'get-netipaddress', 'get-nettcpconnection', 'get-netadapter', 'get-dnsclientcache',
  'get-psdrive', 'get-clipboard', 'get-mpcomputerstatus', 'get-scheduledtask', 'get-credential',
]);

/**
 * A PowerShell command name as PowerShell resolves it: an alias to its cmdlet, a cmdlet as
 * is, else a Windows program or cmd builtin that PowerShell would run from PATH (`whoami`,
 * `net.exe`). Case-insensitive; a module-qualified name (`Microsoft.PowerShell.Management\Get-Item`)
 * counts as its cmdlet. Undefined when nothing by that name runs.
 */
export function powershellCommand(name: string): string | undefined {
  const n = name.toLowerCase().replace(/^[\w.]+\\(?=[a-z]+-[a-z]+$)/, '');
  if (ALIASES[n]) return ALIASES[n];
  if (POWERSHELL_CMDLETS.has(n)) return n;
  return windowsCommand(n);
}
