// The extraction of real-world text (roff, Markdown/reST, changelogs, fortunes) and the shape of
// the committed artefacts: every source in sources.ts has its file on its own side only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changelogEntries, fortunes, isProse, markupParagraphs, sentences } from './extract';
import { roffParagraphs, unescapeRoff } from './roff';
import { SOURCES, sourceId } from './sources';
import { STRUCTURED } from '../structured/sets';

const here = import.meta.dirname;

describe('roff', () => {
  it('turns man(7) source into paragraphs: fonts and escapes resolved, headings and examples dropped', () => {
    const src = ['.TH LS 1', '.SH DESCRIPTION', 'List \\fBinformation\\fR about the FILEs', '(the current directory by default).', '.PP', '.B \\-a', 'do not ignore entries starting with .', '.EX', 'ls \\-la /tmp', '.EE', '.BR ssh (1)', 'is related.'].join('\n');
    expect(roffParagraphs(src)).toEqual(['List information about the FILEs (the current directory by default).', '-a do not ignore entries starting with .', 'ssh(1) is related.']);
  });
  it('reads mdoc(7) macros: flags, arguments, cross references', () => {
    expect(roffParagraphs('.Pp\n.Nm ssh\n.Fl l Ar login_name\nconnects; see\n.Xr ssh_config 5 .')).toEqual(['ssh -l login_name connects; see ssh_config(5).']);
  });
  it('unescapes named characters', () => {
    expect(unescapeRoff("don\\(aqt \\(lqquote\\(rq \\e n")).toBe('don\'t "quote" \\ n');
  });
});

describe('markup, changelogs, fortunes', () => {
  it('keeps prose with inline code; drops fenced code, tables, HTML and badges', () => {
    const md = ['# Usage', '', 'Run `npm install foo` and then', 'call `foo()`.', '', '```js', 'const x = 1;', '```', '| a | b |', '[![ci](x.svg)](y)', '<p align="center">', '    indented code'].join('\n');
    expect(markupParagraphs(md)).toEqual(['Usage', 'Run `npm install foo` and then call `foo()`.']);
  });
  it('splits sentences and filters non-prose', () => {
    expect(sentences('It works. See `man ls` for more. Done!')).toEqual(['It works.', 'See `man ls` for more.', 'Done!']);
    expect(isProse('Use the --force option with care.')).toBe(true);
    expect(isProse('| --- | --- | --- |')).toBe(false);
  });
  it('reads Debian changelog entries and fortunes', () => {
    expect(changelogEntries('pkg (1.0-1) unstable; urgency=low\n\n  * Fix the build\n    on arm64.\n  * New upstream.\n\n -- Jo <j@example.org>  Mon, 1 Jan 2024')).toEqual(['Fix the build on arm64.', 'New upstream.']);
    expect(fortunes('A fool\nand his money.\n%\nSecond one.')).toEqual(['A fool and his money.', 'Second one.']);
  });
});

describe('the committed artefacts', () => {
  const files = (split: string) => (existsSync(join(here, split)) ? readdirSync(join(here, split)) : []);
  it('hold every source on its own side only, the two sides disjoint by source', () => {
    const train = files('train').map((f) => f.replace(/^(prose|params)-|\.txt$/g, ''));
    const evalIds = files('eval').map((f) => f.replace(/^(prose|params)-|\.txt$/g, ''));
    for (const s of SOURCES) expect(s.split === 'train' ? train : evalIds, sourceId(s)).toContain(sourceId(s));
    const realTrain = new Set(SOURCES.filter((s) => s.split === 'train').map(sourceId));
    for (const id of evalIds) expect(realTrain.has(id), id).toBe(false);
    for (const g of STRUCTURED) expect(g.split === 'train' ? train : evalIds).toContain(g.id);
  });
  it('record provenance and licence for every file', () => {
    const prov = readFileSync(join(here, 'PROVENANCE.md'), 'utf8');
    for (const split of ['train', 'eval']) for (const f of files(split)) expect(prov, f).toContain(`\`${f}\``);
    expect(prov).not.toMatch(/\| unstated \|/);
  });
});
