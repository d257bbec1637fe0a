// XSS oracle: splice the payload into the usual HTML contexts, parse with parse5 (the WHATWG
// tree builder browsers implement), and compare with the same page holding a benign value.
// Exploit = a new script element, a new event-handler attribute (a real handler name holding
// code), a javascript: URL in a URL attribute, active markup that escapes the context (an
// element that acts by itself or carries a loading/styling/scripting attribute), or — inside a
// script string — a change to the JavaScript program's structure (acorn). Inert markup (`<b>`,
// unknown tags, prose words that become empty or unknown attributes) is reported, not counted.
import { ACTIVE_TAGS, isActiveAttr } from './html-active';
import { domFacts, type DomElement, type DomFacts } from './html-dom';
import type { TargetStack } from '../../domain/threat/evidence/stack';
import { HTML_CONTEXTS, type HtmlContext } from './html/contexts';
import { jsFacts } from './html/js-acts';
import { requestVariants } from './request-decode';
import { summarise, type ContextResult, type OracleResult } from './types';

export { HTML_CONTEXTS } from './html/contexts';
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

function checkContext(ctx: HtmlContext, payload: string, label: string): ContextResult {
  const base: DomFacts = domFacts(ctx.html.replace('<p>', BENIGN));
  const now: DomFacts = domFacts(ctx.html.replace('<p>', () => payload));
  const findings: string[] = [];
  const inert: string[] = [];
  if (now.scripts.length > base.scripts.length) findings.push(`new <script> element (${now.scripts.length - base.scripts.length})`);
  // In the handler context the template's own handler changes with the value; the JS check judges it.
  const own = (h: string) => ctx.stack === 'event_handler' && h.startsWith('button@onclick=');
  const handlers = newItems(base.handlers.filter((h) => !own(h)), now.handlers.filter((h) => !own(h)));
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
  const [jsBase, jsNow] = ctx.js ? [ctx.js(base), ctx.js(now)] : [];
  if (jsBase !== undefined && jsNow !== undefined) {
    const want = jsFacts(jsBase);
    const got = want && jsFacts(jsNow, want.names);
    if (got && want && got.shape !== want.shape) {
      const added = newItems(want.acts, got.acts);
      const duds = newItems(want.duds, got.duds);
      const name = (a: string) => a.replace(/^(\w+)Expression:?/, '$1 ');
      if (added.length) findings.push(`breaks out of the JavaScript string or handler and runs its own code (acorn): ${added.map(name).join(', ')}`);
      else if (duds.length) inert.push(`breakout with only literals: no code runs (the calls added, ${duds.map(name).join(', ')}, are of a literal or a name the page lacks, which throw first)`);
      else inert.push('the JavaScript changes, but only reads or combines values: no call, assignment or import added');
    }
  }
  const name = ctx.name + label;
  return findings.length
    ? { name, stack: ctx.stack, exploitable: true, detail: findings.join('; ') }
    : { name, stack: ctx.stack, exploitable: false, detail: ['no new script, live handler, script URL, active markup or JavaScript change', ...inert].join('; ') };
}

/** Judges `payload` in the declared HTML context (or every modelled one). */
export async function htmlOracle(payload: string, stack?: TargetStack): Promise<OracleResult> {
  const variants = requestVariants(payload);
  const contexts = stack?.htmlContext ? HTML_CONTEXTS.filter((c) => c.stack === stack.htmlContext) : HTML_CONTEXTS;
  const stacks = [...new Set(contexts.map((c) => c.stack))];
  return summarise('xss:parse5+acorn', variants.flatMap((v) => contexts.map((c) => checkContext(c, v.value, v.label))), [], stacks);
}
