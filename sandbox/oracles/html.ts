// XSS oracle: splice the payload into the usual HTML contexts, parse with parse5 (the WHATWG
// tree builder browsers implement), and compare with the same page holding a benign value.
// Exploit = a new script element, a new event-handler attribute (a real handler name holding
// code), a javascript: URL in a URL attribute, active markup that escapes the context (an
// element that acts by itself or carries a loading/styling/scripting attribute), or — inside a
// script string — a change to the JavaScript program's structure (acorn). Inert markup (`<b>`,
// unknown tags, prose words that become empty or unknown attributes) is reported, not counted.
import { parse as parseJs } from 'acorn';
import { ACTIVE_TAGS, isActiveAttr } from './html-active';
import { domFacts, type DomElement, type DomFacts } from './html-dom';
import { requestVariants } from './request-decode';
import { summarise, type ContextResult, type OracleResult } from './types';

interface HtmlContext {
  name: string;
  html: string; // '<p>' marks the splice point
}

const page = (body: string) => `<!DOCTYPE html><html><head><title>t</title></head><body>${body}<p id="tail">end</p></body></html>`;

export const HTML_CONTEXTS: HtmlContext[] = [
  { name: 'element body', html: page('<div class="c"><p></div>') },
  { name: 'quoted attribute', html: page('<input type="text" value="<p>">') },
  { name: 'unquoted attribute', html: page('<input type="text" value=<p>>') },
  { name: 'URL attribute', html: page('<a href="<p>">link</a>') },
  { name: 'script string', html: page('<script>var s = "<p>"; render(s);</script>') },
  { name: 'comment', html: page('<!-- user: <p> -->') },
];
const BENIGN = 'benign';

const newItems = (base: string[], now: string[]) => {
  const pool = [...base];
  return now.filter((x) => {
    const i = pool.indexOf(x);
    if (i >= 0) pool.splice(i, 1);
    return i < 0;
  });
};

/**
 * Elements of `now` the benign page lacks, each with the attributes it gained: an element of a
 * tag the benign page has (the spliced-into <input>) only brings its new attributes; an element
 * of a new tag brings all of them.
 */
function addedMarkup(base: DomElement[], now: DomElement[]): { el: DomElement; newAttrs: DomElement['attrs']; isNew: boolean }[] {
  const exact = [...base];
  const unmatched = now.filter((e) => {
    const i = exact.findIndex((b) => b.key === e.key);
    if (i >= 0) exact.splice(i, 1);
    return i < 0;
  });
  return unmatched.map((el) => {
    const i = exact.findIndex((b) => b.tag === el.tag);
    if (i < 0) return { el, newAttrs: el.attrs, isNew: true };
    const [old] = exact.splice(i, 1);
    const had = old.attrs.map((a) => a.name);
    return { el, newAttrs: el.attrs.filter((a) => !had.includes(a.name)), isNew: false };
  });
}

/** Program shape without positions or literal values: a payload that stays inside the string keeps it. */
function jsShape(code: string): string | undefined {
  try {
    const ast = parseJs(code, { ecmaVersion: 'latest' });
    return JSON.stringify(ast, (k, v) => (['start', 'end', 'raw', 'value'].includes(k) ? undefined : v));
  } catch {
    return undefined;
  }
}

function checkContext(ctx: HtmlContext, payload: string, label: string): ContextResult {
  const base: DomFacts = domFacts(ctx.html.replace('<p>', BENIGN));
  const now: DomFacts = domFacts(ctx.html.replace('<p>', () => payload));
  const findings: string[] = [];
  const inert: string[] = [];
  if (now.scripts.length > base.scripts.length) findings.push(`new <script> element (${now.scripts.length - base.scripts.length})`);
  const handlers = newItems(base.handlers, now.handlers);
  if (handlers.length) findings.push(`event-handler attribute: ${handlers.join(', ')}`);
  if (now.dangerousUrls.length) findings.push(`script URL in URL attribute: ${now.dangerousUrls.join(', ')}`);
  const added = addedMarkup(base.elements, now.elements);
  const active = added.filter(({ el, newAttrs, isNew }) => (isNew && ACTIVE_TAGS.has(el.tag)) || newAttrs.some(isActiveAttr));
  const describe = ({ el, newAttrs, isNew }: (typeof added)[number]) =>
    `${isNew ? '' : '+'}${el.tag}[${newAttrs.map((a) => (isActiveAttr(a) ? `${a.name}=${JSON.stringify(a.value.slice(0, 40))}` : a.name)).join(',')}]`;
  if (active.length) {
    const removed = newItems(now.elements.map((e) => e.key), base.elements.map((e) => e.key));
    findings.push(`escapes context with active markup: +[${active.map(describe).join(' ')}]${removed.length ? ` -[${removed.join(' ')}]` : ''}`);
  } else if (added.length) {
    // `<b>bold</b>` in a body, `#include <stdio.h>`, or "order pizza online" in an unquoted
    // attribute (attributes `pizza`, `online`): markup that neither runs, loads nor styles.
    inert.push(`inert markup only: +[${added.map(describe).join(' ')}]`);
  }
  if (ctx.name === 'script string' && base.scripts[0] !== undefined && now.scripts[0] !== undefined) {
    const want = jsShape(base.scripts[0]);
    const got = jsShape(now.scripts[0]);
    if (got !== undefined && got !== want) findings.push('breaks out of the JavaScript string: program structure changed');
  }
  const name = ctx.name + label;
  return findings.length
    ? { name, exploitable: true, detail: findings.join('; ') }
    : { name, exploitable: false, detail: ['no new script, live handler, script URL or active markup', ...inert].join('; ') };
}

export async function htmlOracle(payload: string): Promise<OracleResult> {
  const variants = requestVariants(payload);
  return summarise('xss:parse5+acorn', variants.flatMap((v) => HTML_CONTEXTS.map((c) => checkContext(c, v.value, v.label))));
}
