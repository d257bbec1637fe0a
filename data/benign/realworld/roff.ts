// Manual pages (man(7) and mdoc(7) roff source) to plain paragraphs, without groff, so the
// corpus does not depend on the formatter's version. Example blocks (.EX/.nf) are dropped:
// they are code, not prose; inline commands inside sentences are kept (that is the point).

const NAMED: Record<string, string> = {
  aq: "'", dq: '"', lq: '"', rq: '"', oq: "'", cq: "'", em: '—', en: '–', hy: '-', bu: '•', co: '©', rg: '®',
  tm: '™', ga: '`', ha: '^', ti: '~', rs: '\\', sl: '/', ba: '|', mu: '×', de: '°', '<=': '≤', '>=': '≥', '->': '→', '<-': '←',
};

/** Inline roff escapes to text: fonts dropped, \- to -, \(aq to ', \e to \, sizes and zero-width marks removed. */
export function unescapeRoff(s: string): string {
  return s
    .replace(/\\f(?:\[[^\]]*\]|\(..|.)/g, '')
    .replace(/\\s[-+]?\d/g, '')
    .replace(/\\\*?\((..)/g, (_, n: string) => NAMED[n] ?? '')
    .replace(/\\\*?\[([^\]]*)\]/g, (_, n: string) => NAMED[n] ?? '')
    .replace(/\\\*(.)/g, '')
    .replace(/\\[-]/g, '-')
    .replace(/\\e/g, '\u0000')
    .replace(/\\[ ~0]/g, ' ')
    .replace(/\\[&%|^c:}{)]/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/\u0000/g, '\\');
}

const SPLIT_MACROS = new Set(['PP', 'LP', 'P', 'sp', 'br', 'SH', 'SS', 'TP', 'IP', 'HP', 'RS', 'RE', 'TQ', 'Pp', 'Sh', 'Ss', 'It', 'Bl', 'El', 'Bd', 'Ed', 'Lp', 'in', 'ti']);
const FONT_MACROS = new Set(['B', 'I', 'SM', 'SB']);
const ALT_MACROS = new Set(['BR', 'RB', 'IR', 'RI', 'BI', 'IB']);

function macroArgs(rest: string): string[] {
  return [...rest.matchAll(/"((?:[^"]|"")*)"|(\S+)/g)].map((m) => (m[1] ?? m[2]).replace(/""/g, '"'));
}

/** mdoc's semantic macros to text: `Fl l Ar file` → `-l file`, `Xr ssh 1` → `ssh(1)`, `Ns` glues. */
function mdocText(tokens: string[]): string {
  let out = '';
  let glue = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === 'Ns') { glue = true; continue; }
    if (t === 'Fl') { out += (out && !glue ? ' ' : '') + '-' + (tokens[i + 1] && !/^[A-Z][a-z]$/.test(tokens[i + 1]) ? tokens[++i] : ''); glue = false; continue; }
    if (t === 'Xr' && tokens[i + 2]) { out += (out ? ' ' : '') + `${tokens[i + 1]}(${tokens[i + 2]})`; i += 2; continue; }
    if (/^[A-Z][a-z]$/.test(t)) continue;
    const punct = /^[.,;:)\]]$/.test(t);
    out += out && !glue && !punct ? ` ${t}` : t;
    glue = /^[([]$/.test(t);
  }
  return out;
}

/** The paragraphs of a manual page's source, one string each, whitespace collapsed. */
export function roffParagraphs(src: string): string[] {
  const paras: string[] = [];
  let cur: string[] = [];
  let code = false;
  const flush = () => {
    const p = unescapeRoff(cur.join(' ')).replace(/\s+/g, ' ').trim();
    if (p) paras.push(p);
    cur = [];
  };
  for (const line of src.split('\n')) {
    if (/^[.']\s*\\"/.test(line) || line.startsWith('\\"')) continue;
    const m = line.match(/^[.']\s*(\S+)\s*(.*)$/);
    if (!m) { if (!code) cur.push(line); continue; }
    const [, name, rest] = m;
    if (name === 'EX' || name === 'nf' || name === 'Bd' && /-literal|-unfilled/.test(rest)) { flush(); code = true; continue; }
    if (name === 'EE' || name === 'fi' || name === 'Ed') { code = false; flush(); continue; }
    if (code) continue;
    if (SPLIT_MACROS.has(name)) {
      flush();
      if (name === 'IP' && rest) cur.push(macroArgs(rest)[0] ?? '');
      if (name === 'It' && rest) cur.push(mdocText(macroArgs(rest)));
      continue;
    }
    if (FONT_MACROS.has(name)) cur.push(macroArgs(rest).join(' '));
    else if (ALT_MACROS.has(name)) cur.push(macroArgs(rest).join(''));
    else if (/^[A-Z][a-z]$/.test(name)) cur.push(mdocText([name, ...macroArgs(rest)]));
    // Anything else (.TH, .ds, .de, .if, .nr, .so, ...) is formatting, not text.
  }
  flush();
  return paras;
}
