// The virtual host the path oracle resolves against: the app's own files under the document
// root, plus the well-known files any stock Linux or Windows host has (Windows drive roots are
// mapped to `/`, look-ups are case-insensitive). Every file outside the root is a canary: a
// value that resolves to one reads something the app never meant to serve. The list is what
// exists on a standard image, not what attack lists happen to name, so an absolute path to an
// ordinary location (`/home/ana/cv.pdf`) finds nothing.
export const VIRTUAL_ROOT = '/srv/app/public';

const APP_FILES = ['index.html', 'docs/readme.md', 'report (final).pdf', 'private/secret.json'];
const HOST_FILES = [
  // The app's own secrets next to the public root.
  '/srv/app/.env', '/srv/app/config/database.yml', '/srv/app/web-inf/web.xml',
  // Linux
  '/etc/passwd', '/etc/shadow', '/etc/group', '/etc/hosts', '/etc/hostname', '/etc/issue', '/etc/motd',
  '/etc/fstab', '/etc/crontab', '/etc/resolv.conf', '/etc/ssh/sshd_config', '/root/.ssh/id_rsa',
  '/root/.bash_history', '/proc/self/environ', '/proc/self/cmdline', '/proc/self/status', '/proc/version',
  '/proc/cpuinfo', '/var/log/auth.log', '/var/log/apache2/access.log', '/var/log/apache2/error.log',
  '/var/log/nginx/access.log', '/var/log/nginx/error.log',
  // Windows (C:\ → /)
  '/boot.ini', '/windows/win.ini', '/windows/system.ini', '/windows/system32/drivers/etc/hosts',
  '/windows/system32/cmd.exe', '/windows/repair/sam', '/winnt/win.ini', '/winnt/system32/cmd.exe',
  '/inetpub/wwwroot/web.config', '/inetpub/wwwroot/global.asa',
];

/** Keys are lower-case; `canary` = outside the document root. */
export const VIRTUAL_FS: Record<string, { canary: boolean }> = Object.fromEntries([
  ...APP_FILES.map((f) => [`${VIRTUAL_ROOT}/${f}`, { canary: false }]),
  ...HOST_FILES.map((f) => [f, { canary: true }]),
]);

export function lookup(resolved: string): { canary: boolean } | undefined {
  return VIRTUAL_FS[resolved.toLowerCase()];
}
