// The places a value lands in a page, each named by the `target.stack.htmlContext` it models.
// `js` says where the JavaScript that runs in this context is (a <script>'s text, or an event
// handler attribute's value after the HTML parser has decoded its entities): a payload that
// changes that program's structure runs code without adding any markup.
import type { DomFacts } from '../html-dom';

export interface HtmlContext {
  name: string;
  stack: string;
  html: string; // '<p>' marks the splice point
  js?: (f: DomFacts) => string | undefined;
}

const page = (body: string) => `<!DOCTYPE html><html><head><title>t</title></head><body>${body}<p id="tail">end</p></body></html>`;
const firstScript = (f: DomFacts) => f.scripts[0];
const handler = (f: DomFacts) => f.elements.find((e) => e.tag === 'button')?.attrs.find((a) => a.name === 'onclick')?.value;

export const HTML_CONTEXTS: HtmlContext[] = [
  { name: 'element body', stack: 'element', html: page('<div class="c"><p></div>') },
  { name: 'quoted attribute', stack: 'attribute', html: page('<input type="text" value="<p>">') },
  { name: 'unquoted attribute', stack: 'attribute', html: page('<input type="text" value=<p>>') },
  { name: 'URL attribute', stack: 'url_attribute', html: page('<a href="<p>">link</a>') },
  { name: 'script string', stack: 'js_string_double', html: page('<script>var s = "<p>"; render(s);</script>'), js: firstScript },
  { name: 'script string, single-quoted', stack: 'js_string_single', html: page("<script>var s = '<p>'; render(s);</script>"), js: firstScript },
  { name: 'script template literal', stack: 'js_template', html: page('<script>var s = `<p>`; render(s);</script>'), js: firstScript },
  { name: 'event-handler attribute', stack: 'event_handler', html: page(`<button onclick="track('<p>')">go</button>`), js: handler },
  { name: 'style element', stack: 'style', html: page('<style>.c { color: <p>; }</style><div class="c">x</div>') },
  { name: 'style attribute', stack: 'style', html: page('<div style="color: <p>">x</div>') },
  { name: 'SVG foreign content', stack: 'foreign_content', html: page('<svg><text><p></text></svg>') },
  { name: 'MathML foreign content', stack: 'foreign_content', html: page('<math><mi><p></mi></math>') },
  { name: 'comment', stack: 'comment', html: page('<!-- user: <p> -->') },
];
