// From an unpacked package to candidate benign lines: sentences of manual pages, READMEs,
// Debian changelog entries and fortunes (prose), dictionary words (parameter values).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { roffParagraphs } from './roff';
import type { Source } from './sources';

export interface Extracted {
  prose: string[];
  params: string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink()) return [];
    return st.isDirectory() ? walk(p) : [p];
  });
}

const read = (f: string) => (f.endsWith('.gz') ? gunzipSync(readFileSync(f)) : readFileSync(f)).toString('utf8');

/** Sentences of a paragraph; a sentence ends at . ! ? followed by space and a capital or quote. */
export function sentences(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?])\s+(?=[A-Z"'`(])/).map((s) => s.trim());
}

/** Prose worth keeping: 20–300 characters, ≥ 3 words, mostly letters (not a table row or ASCII art). */
export function isProse(s: string): boolean {
  if (s.length < 20 || s.length > 300) return false;
  if ((s.match(/[A-Za-z]{2,}/g) ?? []).length < 3) return false;
  const letters = (s.match(/\p{L}/gu) ?? []).length;
  return letters / s.length >= 0.5;
}

/** Markdown or reStructuredText to paragraphs: fenced and indented code, tables, HTML, badges and directives dropped. */
export function markupParagraphs(src: string): string[] {
  const paras: string[] = [];
  let cur: string[] = [];
  let fence = false;
  const flush = () => { if (cur.length) paras.push(cur.join(' ').replace(/\s+/g, ' ').trim()); cur = []; };
  for (const raw of src.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (/^\s*(```|~~~)/.test(line)) { fence = !fence; flush(); continue; }
    if (fence) continue;
    if (line.trim() === '' || /^(\s{4}|\t)/.test(line) || /^\s*[|<]/.test(line) || /^\s*\.\. /.test(line) || /^[=\-~^*#`:+_]{3,}\s*$/.test(line)) { flush(); continue; }
    // Badges and inline HTML: markup, not prose (a parameter carrying HTML is XSS's territory).
    if (/!\[|\[!\[|<\/?[a-z][a-z0-9]*[\s>/]/i.test(line)) { flush(); continue; }
    const text = line
      .replace(/^\s*(#{1,6}|[-*+]|\d+[.)])\s+/, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\*\*|__/g, '')
      .replace(/``/g, '`');
    if (/^\s*(#{1,6}|[-*+]|\d+[.)])\s+/.test(line)) flush();
    cur.push(text);
  }
  flush();
  return paras;
}

/** Debian changelog entries (`  * Fix ...`), continuation lines joined; headers and sign-offs dropped. */
export function changelogEntries(src: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const line of src.split('\n')) {
    const m = line.match(/^\s+[*+-]\s+(.*)$/);
    if (m) { if (cur) out.push(cur); cur = m[1]; }
    else if (/^\s{4,}\S/.test(line) && cur) cur += ` ${line.trim()}`;
    else { if (cur) out.push(cur); cur = ''; }
  }
  if (cur) out.push(cur);
  return out.map((s) => s.replace(/\s+/g, ' ').trim());
}

/** Fortune files: entries between `%` lines, each joined onto one line; ASCII art fails isProse. */
export function fortunes(src: string): string[] {
  return src.split(/\n%\n/).map((f) => f.replace(/\s+/g, ' ').trim());
}

export function extract(s: Source, root: string): Extracted {
  const prose: string[] = [];
  const params: string[] = [];
  const addParas = (ps: string[]) => { for (const p of ps) prose.push(...sentences(p)); };
  for (const file of walk(root)) {
    const rel = relative(root, file);
    if (/^usr\/share\/man\/man\d\//.test(rel)) addParas(roffParagraphs(read(file)));
    else if (/^usr\/share\/doc\/[^/]+\/changelog\.Debian(\.gz)?$/.test(rel)) prose.push(...changelogEntries(read(file)));
    else if (/^usr\/share\/doc\/[^/]+\/(README|NEWS|FAQ)[^/]*$/i.test(rel) && !/\.html?$/.test(rel)) addParas(markupParagraphs(read(file)));
    else if (/^usr\/share\/games\/fortunes\/[^/.]+$/.test(rel)) prose.push(...fortunes(read(file)));
    else if (/^usr\/share\/dict\/[^/]+$/.test(rel) && !/README|\.gz$/.test(rel)) params.push(...read(file).split('\n'));
    else if (/^package\/readme(\.md|\.markdown)?$/i.test(rel)) addParas(markupParagraphs(read(file)));
    else if (/\.dist-info\/METADATA$/.test(rel)) addParas(markupParagraphs(read(file).split(/\r?\n\r?\n/).slice(1).join('\n\n')));
  }
  return {
    prose: prose.map((p) => p.replace(/\s+/g, ' ').trim()).filter(isProse),
    params: params.map((w) => w.trim()).filter((w) => w.length > 0),
  };
}
