// Sensitive files, one list for the whole product: the path oracle's canaries (a value that
// resolves to one reads something the app never meant to serve), the shell oracle's redirection
// check, the classifier's path_sensitive_file detector and the rule families read it.
//
// The list is what exists on a standard Linux or Windows image (Windows drive roots mapped to
// `/`), not what attack lists happen to name, so an absolute path to an ordinary location
// (`/home/ana/cv.pdf`) names none of them.

/** Where the application the oracles model lives; its public document root is `public/` below it. */
export const APP_DIR = '/srv/app';

/** The app's own secrets next to its public root, relative to APP_DIR. */
export const APP_SECRET_FILES: readonly string[] = ['.env', 'config/database.yml', 'web-inf/web.xml'];

/** Well-known files of a stock host, absolute, lower case (Windows `C:\` → `/`). */
export const HOST_FILES: readonly string[] = [
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

/** Every canary, absolute: the app's secrets under APP_DIR, then the host's files. */
export const SENSITIVE_FILES: readonly string[] = [...APP_SECRET_FILES.map((f) => `${APP_DIR}/${f}`), ...HOST_FILES];

/**
 * How a payload names a canary without knowing where the app lives: a host file by its path
 * below the root (`etc/ssh/sshd_config`, `windows/win.ini`), an app secret by its path below
 * the app (`.env`, `web-inf/web.xml`). Lower case, `/`-separated.
 */
export const SENSITIVE_FILE_TAILS: readonly string[] = [...HOST_FILES.map((f) => f.slice(1)), ...APP_SECRET_FILES];

/**
 * Names and directories that are sensitive wherever they sit (another user's `~/.ssh/`, any
 * `.htpasswd`, `/proc/self/…`), for detectors that see a path fragment, not a resolved path.
 * Lower case; `/` stands for either slash.
 */
export const SENSITIVE_PATH_MARKERS: readonly string[] = [
  '.ssh/', 'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', '.bash_history', '.htaccess', '.htpasswd', 'proc/self/',
  'web-inf/', 'system32', '/winnt/', '/windows/', 'boot.ini', 'win.ini', 'system.ini',
];
