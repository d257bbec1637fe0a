import { describe, expect, it } from 'vitest';
import { runOracle } from '../index';

const xss = (p: string, htmlContext?: string) => runOracle('xss', p, htmlContext ? { htmlContext: htmlContext as never } : undefined);

describe('XSS oracle: every injection context the issue names (parse5 + acorn)', () => {
  it.each([
    ["';alert(1);//", 'js_string_single', /single-quoted: breaks out .* Call alert/],
    ['"; alert(1); //', 'js_string_double', /script string: breaks out .* Call alert/],
    ['${alert(1)}', 'js_template', /template literal: .* Call alert/],
    ["');alert(1);//", 'event_handler', /event-handler attribute: .* Call alert/],
    // Entities in an attribute are decoded by the HTML parser before the handler's JS runs.
    ['&#39;);alert(1);//', 'event_handler', /event-handler attribute: .* Call alert/],
    ['javascript:alert(1)', 'url_attribute', /script URL/],
    ['</style><script>alert(1)</script>', 'style', /style element: new <script> element/],
    ['red" onmouseover="alert(1)', 'style', /style attribute: event-handler attribute/],
    ['<script>alert(1)</script>', 'foreign_content', /SVG foreign content: new <script> element/],
    ['<img src=x onerror=alert(1)>', 'foreign_content', /MathML foreign content: .*onerror/],
  ])('%j → exploit in %s, and the verdict names that context', async (p, ctx, why) => {
    const r = await xss(p, ctx);
    expect(r).toMatchObject({ verdict: 'exploit_possible', stacks: [ctx], confirmedOn: [ctx] });
    expect(r.evidence.join('\n')).toMatch(why);
  });
  it("undeclared: `';alert(1);//` is confirmed only where a single quote closes the value", async () => {
    const r = await xss("';alert(1);//");
    expect(r.confirmedOn).toEqual(['js_string_single']);
    expect(r.stacks.length).toBeGreaterThan(8);
  });
  it.each(["O'Brien", "it's fine", 'Hello ${name}', "x' + 'y", 'red', 'color: blue; font-weight: bold'])('benign %j → improbable in every context', async (p) => {
    expect((await xss(p)).verdict).toBe('exploit_improbable');
  });
  // A breakout counts only if the injected part calls, constructs, assigns or imports something.
  it.each([
    ["';alert(1);//", 'js_string_single'],
    ["'-alert(1)-'", 'js_string_single'],
    ['${alert(1)}', 'js_template'],
    ['`+alert(1)+`', 'js_template'],
    ["`;''.constructor.constructor('alert(1)')();//", 'js_template'],
    ['`-alert`1`-`', 'js_template'],
  ])('breakout %j running code → confirmed in %s', async (p, ctx) => {
    const r = await xss(p, ctx);
    expect(r.confirmedOn).toEqual([ctx]);
    expect(r.evidence.join('\n')).toMatch(/breaks out .*(Call|TaggedTemplate) (alert|constructor)/);
  });
  it.each([
    ['`+`', 'js_template'],
    ['` `', 'js_template'],
    ['Why is it parsing `+` as a space?', 'js_template'],
    ["' + '", 'js_string_single'],
    // `` `…use of `-e` to…` `` tags a template with `e`, a name the page does not define.
    ['its flag-specifying use of `-e` to the server.', 'js_template'],
  ])('breakout %j with only literals and operators → not confirmed in %s', async (p, ctx) => {
    const r = await xss(p, ctx);
    expect(r.verdict).toBe('exploit_improbable');
    expect(r.evidence.join('\n')).toMatch(/breakout with only literals: no code runs|only reads or combines values/);
  });
  it.each(['Why is it parsing `+` as a space?', 'use of `-e` to the server'])('prose backquotes %j: the template is tagged with a literal or unknown name, and the verdict says so', async (p) => {
    const r = await xss(p, 'js_template');
    expect(r.evidence.join('\n')).toMatch(/breakout with only literals: no code runs .*TaggedTemplate/);
  });
  it('a JavaScript change that only reads or combines values is reported, not counted', async () => {
    const r = await xss("x' + 'y", 'js_string_single');
    expect(r.evidence.join('\n')).toMatch(/only reads or combines values/);
  });
});
