// XSS oracle: splice the payload into the usual HTML contexts, parse with parse5 (the WHATWG
// tree builder browsers implement), and compare with the same page holding a benign value.
// Exploit = a new script element, a new event-handler attribute, a javascript: URL in a URL
// attribute, escaping the context (elements/attributes the benign page lacks), or — inside a
// script string — a change to the JavaScript program's structure (acorn).
import { parse as parseJs } from 'acorn';
import { domFacts, type DomFacts } from './html-dom';
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

const tagOf = (s: string) => s.slice(0, s.indexOf('['));
const attrsOf = (s: string) => s.slice(s.indexOf('[') + 1, -1).split(',').filter(Boolean);
/** Attributes that act without further injection: handlers, URLs, styles, frames, meta refresh, forms. */
const ACTIVE_ATTR = /^(on|href$|src|action$|formaction$|data$|style$|srcdoc$|http-equiv$|content$|xlink:|autofocus$|background$|poster$|is$|form$)/i;

const newItems = (base: string[], now: string[]) => {
  const pool = [...base];
  return now.filter((x) => {
    const i = pool.indexOf(x);
    if (i >= 0) pool.splice(i, 1);
    return i < 0;
  });
};

/** Program shape without positions or literal values: a payload that stays inside the string keeps it. */
function jsShape(code: string): string | undefined {
  try {
    const ast = parseJs(code, { ecmaVersion: 'latest' });
    return JSON.stringify(ast, (k, v) => (['start', 'end', 'raw', 'value'].includes(k) ? undefined : v));
  } catch {
    return undefined;
  }
}

function checkContext(ctx: HtmlContext, payload: string): ContextResult {
  const base: DomFacts = domFacts(ctx.html.replace('<p>', BENIGN));
  const now: DomFacts = domFacts(ctx.html.replace('<p>', () => payload));
  const findings: string[] = [];
  const inert: string[] = [];
  if (now.scripts.length > base.scripts.length) findings.push(`new <script> element (${now.scripts.length - base.scripts.length})`);
  const handlers = newItems(base.handlers, now.handlers);
  if (handlers.length) findings.push(`event-handler attribute: ${handlers.join(', ')}`);
  if (now.dangerousUrls.length) findings.push(`script URL in URL attribute: ${now.dangerousUrls.join(', ')}`);
  const added = newItems(base.skeleton, now.skeleton);
  const removed = newItems(now.skeleton, base.skeleton);
  const newTags = newItems(base.skeleton.map(tagOf), now.skeleton.map(tagOf));
  const activeAttrs = newItems(base.skeleton.flatMap(attrsOf), now.skeleton.flatMap(attrsOf)).filter((a) => ACTIVE_ATTR.test(a));
  if (newTags.length || activeAttrs.length) {
    findings.push(`escapes context: +[${added.join(' ')}] -[${removed.join(' ')}]`);
  } else if (added.length) {
    // e.g. "select a drop-down" in an unquoted attribute adds inert attributes `a`, `drop-down`.
    inert.push(`inert attribute(s) only: +[${added.join(' ')}]`);
  }
  if (ctx.name === 'script string' && base.scripts[0] !== undefined && now.scripts[0] !== undefined) {
    const want = jsShape(base.scripts[0]);
    const got = jsShape(now.scripts[0]);
    if (got !== undefined && got !== want) findings.push('breaks out of the JavaScript string: program structure changed');
  }
  return findings.length
    ? { name: ctx.name, exploitable: true, detail: findings.join('; ') }
    : { name: ctx.name, exploitable: false, detail: ['no new elements, active attributes or script structure', ...inert].join('; ') };
}

export async function htmlOracle(payload: string): Promise<OracleResult> {
  return summarise('xss:parse5+acorn', HTML_CONTEXTS.map((c) => checkContext(c, payload)));
}
