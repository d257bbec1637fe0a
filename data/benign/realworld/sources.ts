// The real-world text sources of the benign corpus: exact package versions from the registries
// (Debian, npm, PyPI), and which side of the source-level split each one is on. A source is a
// whole package: every line of it is either training data or evaluation data, never both, so
// the evaluation measures text from documents the model has never seen any of.
// Changing a version changes the corpus; build.ts refuses a package it cannot fetch at exactly
// this version rather than silently reading another.

export type Registry = 'deb' | 'npm' | 'pypi';
export type Split = 'train' | 'eval';

export interface Source {
  registry: Registry;
  pkg: string;
  version: string;
  split: Split;
}

const deb = (pkg: string, version: string, split: Split): Source => ({ registry: 'deb', pkg, version, split });
const npm = (pkg: string, version: string, split: Split): Source => ({ registry: 'npm', pkg, version, split });
const pypi = (pkg: string, version: string, split: Split): Source => ({ registry: 'pypi', pkg, version, split });

export const SOURCES: readonly Source[] = [
  // Manual pages and /usr/share/doc (prose, option descriptions, changelog entries).
  deb('manpages', '6.03-2', 'train'),
  deb('coreutils', '9.1-1', 'train'),
  deb('bash', '5.2.15-2+b13', 'train'),
  deb('util-linux', '2.38.1-5+deb12u3', 'train'),
  deb('procps', '2:4.0.2-3', 'train'),
  deb('findutils', '4.9.0-4', 'train'),
  deb('grep', '3.8-5', 'train'),
  deb('tar', '1.34+dfsg-1.2+deb12u1', 'train'),
  deb('rsync', '3.5.0+ds1-0+deb12u1', 'train'),
  deb('apt', '2.6.2', 'train'),
  deb('wget', '1.21.3-1+deb12u1', 'train'),
  deb('systemd', '252.39-1~deb12u2', 'eval'),
  deb('git-man', '1:2.39.5-0+deb12u3', 'eval'),
  deb('manpages-dev', '6.03-2', 'eval'),
  deb('openssh-client', '1:9.2p1-2+deb12u10', 'eval'),
  deb('curl', '7.88.1-10+deb12u15', 'eval'),
  deb('dpkg', '1.21.23', 'eval'),
  deb('sed', '4.9-1+deb12u1', 'eval'),
  deb('less', '590-2.1~deb12u2', 'eval'),
  // Fortune files (quotations, jokes, riddles) and dictionaries (single words, proper names).
  deb('fortunes-min', '1:1.99.1-7.3', 'train'),
  deb('fortunes', '1:1.99.1-7.3', 'eval'),
  deb('wamerican', '2020.12.07-2', 'train'),
  deb('wbritish', '2020.12.07-2', 'eval'),
  // READMEs inside npm packages (versions as in package-lock.json).
  npm('webpack', '5.112.2', 'train'),
  npm('enhanced-resolve', '5.27.0', 'train'),
  npm('terser', '5.51.2', 'train'),
  npm('tapable', '2.3.4', 'train'),
  npm('picomatch', '4.0.7', 'train'),
  npm('source-map', '0.7.6', 'train'),
  npm('croner', '11.0.1', 'train'),
  npm('semver', '7.8.6', 'train'),
  npm('debug', '4.4.3', 'train'),
  npm('prom-client', '15.1.3', 'train'),
  npm('xml2js', '0.6.2', 'train'),
  npm('uuid', '11.1.1', 'train'),
  npm('query-string', '7.1.3', 'train'),
  npm('minio', '8.0.7', 'train'),
  npm('chalk', '4.1.2', 'train'),
  npm('magic-string', '0.30.21', 'train'),
  npm('postgres', '3.4.9', 'eval'),
  npm('protobufjs', '7.6.6', 'eval'),
  npm('lru-cache', '11.5.3', 'eval'),
  npm('keyv', '4.5.4', 'eval'),
  npm('optionator', '0.9.4', 'eval'),
  npm('ipaddr.js', '2.5.0', 'eval'),
  npm('eslint', '9.39.5', 'eval'),
  npm('@hono/zod-openapi', '1.6.3', 'eval'),
  // READMEs (long descriptions in the wheel's METADATA) of PyPI packages.
  pypi('requests', '2.32.3', 'train'),
  pypi('rich', '13.9.4', 'train'),
  pypi('click', '8.1.7', 'train'),
  pypi('fastapi', '0.115.6', 'train'),
  pypi('pydantic', '2.10.4', 'train'),
  pypi('attrs', '24.3.0', 'train'),
  pypi('jinja2', '3.1.5', 'train'),
  pypi('pytest', '8.3.4', 'train'),
  pypi('httpx', '0.28.1', 'eval'),
  pypi('typer', '0.15.1', 'eval'),
  pypi('beautifulsoup4', '4.12.3', 'eval'),
  pypi('flask', '3.1.0', 'eval'),
  pypi('urllib3', '2.3.0', 'eval'),
  pypi('scrapy', '2.12.0', 'eval'),
];

/** A stable identifier, also the artefact's file stem: `deb-git-man`, `npm-hono-zod-openapi`. */
export function sourceId(s: Source): string {
  return `${s.registry}-${s.pkg.replace(/^@/, '').replace(/[^a-zA-Z0-9.-]+/g, '-')}`;
}
