// DOM facts extracted from a parse5 tree: the elements with their attributes (to see a payload
// escape its context), script elements, event-handler attributes and dangerous URLs.
import { parse } from 'parse5';
import { URL_ATTRS } from '../../domain/threat/vocabulary/html';
import { isEventHandler } from './html-events';

interface P5Node {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: P5Node[];
  content?: P5Node; // <template>
  value?: string;
}

export interface DomElement {
  tag: string;
  attrs: { name: string; value: string }[];
  key: string; // "tag[attr,attr]", attribute names sorted
}

export interface DomFacts {
  elements: DomElement[]; // document order
  scripts: string[]; // text of each <script>
  handlers: string[]; // "tag@onx=value": real handler names with code in them
  dangerousUrls: string[]; // "tag@href=javascript:…"
}


/** Scheme as a browser's URL parser sees it: C0/space trimmed, tab/newline removed, case-folded. */
export function urlScheme(value: string): string | undefined {
  const cleaned = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned);
  return m ? m[1].toLowerCase() : undefined;
}

function isDangerousUrl(attr: string, value: string): boolean {
  if (attr === 'srcdoc') return /<\s*script|\son\w+\s*=|javascript:/i.test(value);
  const scheme = urlScheme(value);
  if (scheme === 'javascript' || scheme === 'vbscript') return true;
  return scheme === 'data' && /^\s*data:\s*(text\/html|image\/svg\+xml|application\/xhtml)/i.test(value.trim());
}

/** An event handler runs only if it holds code: `<input on>` or `onfocus=""` does nothing. */
export const isLiveHandler = (a: { name: string; value: string }) => isEventHandler(a.name) && a.value.trim() !== '';

export function domFacts(html: string): DomFacts {
  const facts: DomFacts = { elements: [], scripts: [], handlers: [], dangerousUrls: [] };
  const walk = (n: P5Node) => {
    if (n.tagName) {
      const attrs = n.attrs ?? [];
      facts.elements.push({ tag: n.tagName, attrs, key: `${n.tagName}[${attrs.map((a) => a.name).sort().join(',')}]` });
      if (n.tagName === 'script') facts.scripts.push((n.childNodes ?? []).map((c) => c.value ?? '').join(''));
      for (const a of attrs) {
        if (isLiveHandler(a)) facts.handlers.push(`${n.tagName}@${a.name}=${a.value}`);
        if (URL_ATTRS.has(a.name.toLowerCase()) && isDangerousUrl(a.name.toLowerCase(), a.value)) {
          facts.dangerousUrls.push(`${n.tagName}@${a.name}=${a.value}`);
        }
      }
    }
    for (const c of n.childNodes ?? []) walk(c);
    if (n.content) walk(n.content);
  };
  walk(parse(html) as unknown as P5Node);
  return facts;
}
