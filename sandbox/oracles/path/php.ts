// PHP stream wrappers in a value that reaches include/require/file_get_contents/fopen. PHP
// opens `php://filter/<filters>/resource=<path>` as <path> (the filters, e.g.
// convert.base64-encode, only change how the bytes come back: the classic way to read
// source code), `file://<path>` as the absolute <path>; `expect://<cmd>` runs a command
// (ext/expect), `php://input` and a `data:` URL whose body opens a PHP tag hand include()
// attacker-written PHP (allow_url_include), `phar://` deserialises the archive's metadata. Everything else is an
// ordinary path judged as on Linux.
import { PIPELINES } from '../path-decode';
import { judgeDecoded } from './judge';
import type { ContextResult } from '../types';

const decodeOnce = PIPELINES.find((p) => p.name === 'URL-decoded once')!.run;

/** `<?php`, `<?=` and the short `<?` tag (short_open_tag): where include() starts running code. */
const PHP_OPEN = /<\?(php\b|=|\s)/i;

/** The body of `data:[<type>][;base64],<body>` as PHP reads it (base64 decoded when marked so). */
function dataBody(value: string): string {
  const comma = value.indexOf(',');
  if (comma < 0) return value;
  const body = value.slice(comma + 1);
  return /;base64$/i.test(value.slice(0, comma)) ? Buffer.from(body, 'base64').toString('latin1') : body;
}

export function phpContexts(payload: string): ContextResult[] {
  const value = decodeOnce(payload).trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1].toLowerCase() ?? (/^data:(\/\/)?[a-z]+\/[a-z0-9.+-]+[;,]/i.test(value) ? 'data' : undefined);
  const ctx = (name: string, exploitable: boolean, detail: string): ContextResult[] => [{ name: `PHP ${name}`, stack: 'php', exploitable, detail }];
  if (!scheme) return ctx('plain path', false, 'no stream wrapper; the path is judged by the host platform');
  if (scheme === 'php') {
    const resource = /\/resource=(.*)$/i.exec(value)?.[1];
    if (resource !== undefined) {
      return judgeDecoded(resource, 'php://filter resource', 'php').map((c) => ({ ...c, detail: `php://filter opens ${c.detail}` }));
    }
    if (/^php:\/\/input$/i.test(value)) return ctx('php://input', true, 'include() of php://input runs the request body as PHP (allow_url_include)');
    return ctx(`wrapper ${value.slice(0, 40)}`, false, 'a php:// stream (memory, temp, stdin…) that reads no file');
  }
  if (scheme === 'file') return judgeDecoded(value.replace(/^file:\/\/(localhost)?/i, '') || '/', 'file:// wrapper', 'php');
  if (scheme === 'expect') return ctx('expect://', true, `expect:// runs the command ${JSON.stringify(value.slice(9, 60))}`);
  if (scheme === 'data') {
    // include() runs only what sits in PHP tags; the rest of the decoded body is printed as is.
    const body = dataBody(value);
    return PHP_OPEN.test(body)
      ? ctx('data:', true, 'include() of a data: URL runs attacker-written PHP (allow_url_include): its body opens a PHP tag')
      : ctx('data:', false, 'a data: URL whose body opens no PHP tag: include() would only print it, nothing runs');
  }
  if (scheme === 'phar') return ctx('phar://', true, 'phar:// deserialises the archive metadata (object injection)');
  if (scheme === 'zip' || scheme === 'compress.zlib' || scheme === 'glob') {
    const inner = value.replace(/^[a-z.]+:\/\//i, '').replace(/#.*$/, '');
    return judgeDecoded(inner, `${scheme}:// wrapper`, 'php');
  }
  return ctx(`${scheme}://`, false, `${scheme}:// is a remote URL, not a file on this host (SSRF/RFI is another class)`);
}
