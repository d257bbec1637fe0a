// What a JavaScript program does, for the XSS oracle's script-string and handler contexts: its
// shape (to see a payload leave its string) and its acts (to see whether the breakout runs code).
// Breaking out of a string is not enough: prose backquotes in a template literal
// (``use of `-e` to the server``, ``Why is it parsing `+` as a space?``) break out too, but
// only into literals and operators, or into calling something the page does not have.
import { parse as parseJs } from 'acorn';
import globals from 'globals';

interface JsNode {
  type?: string;
  name?: string;
  id?: JsNode | null;
  callee?: JsNode & { property?: { name?: string } };
  tag?: JsNode;
}

/** Nodes through which a program does something: a call, construction, assignment or import. Reading a name (`${name}`) or concatenating (`x' + 'y`) does not. */
const ACTS = new Set(['CallExpression', 'NewExpression', 'AssignmentExpression', 'TaggedTemplateExpression', 'ImportExpression', 'UpdateExpression', 'AwaitExpression', 'YieldExpression']);
// Expressions whose value is never a function: literals, templates, arithmetic/unary operators, arrays, objects (`a || f` may be one, so not listed).
const VALUES = new Set(['Literal', 'TemplateLiteral', 'BinaryExpression', 'UnaryExpression', 'ArrayExpression', 'ObjectExpression']);
// Names a page's scripts can call without defining them: the browser's window and the language's builtins.
const PAGE_GLOBALS = new Set([...Object.keys(globals.browser), ...Object.keys(globals.builtin)]);

export interface JsFacts {
  shape: string; // the AST without positions or literal values
  acts: string[]; // `Type:callee` for each act that can run
  duds: string[]; // calls that cannot run anything: of a literal, or of a name the page lacks
  names: Set<string>; // every identifier in the program
}

/**
 * Parses `code` (an acorn AST, ECMAScript latest); undefined when it is not valid JavaScript.
 * `known`: names the page defines (the benign program's `names`); without it the program is the
 * page's own and every name in it counts as defined.
 */
export function jsFacts(code: string, known?: Set<string>): JsFacts | undefined {
  let ast: unknown;
  try {
    ast = parseJs(code, { ecmaVersion: 'latest' });
  } catch {
    return undefined;
  }
  const names = new Set<string>();
  const declared = new Set<string>();
  const calls: JsNode[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as JsNode;
    if (o.type === 'Identifier' && o.name) names.add(o.name);
    if (o.id?.type === 'Identifier' && o.id.name) declared.add(o.id.name);
    if (o.type && ACTS.has(o.type)) calls.push(o);
    Object.values(o).forEach(walk);
  };
  walk(ast);
  const defined = (name: string) => PAGE_GLOBALS.has(name) || (known ?? names).has(name) || declared.has(name);
  // True when calling `callee` runs nothing: a value that is no function (TypeError), a name the
  // page lacks (ReferenceError), or itself such a failed call (`` `a` `b` `c` ``).
  const fails = (callee: JsNode | undefined): boolean => {
    if (!callee?.type) return false;
    if (VALUES.has(callee.type)) return true;
    if (callee.type === 'Identifier') return !defined(callee.name ?? '');
    if (['CallExpression', 'NewExpression', 'TaggedTemplateExpression'].includes(callee.type)) return fails(callee.callee ?? callee.tag);
    return false;
  };
  const label = (o: JsNode) => `${o.type}:${o.callee?.name ?? o.callee?.property?.name ?? o.tag?.name ?? ''}`;
  return {
    shape: JSON.stringify(ast, (k, v) => (['start', 'end', 'raw', 'value'].includes(k) ? undefined : v)),
    acts: calls.filter((c) => !fails(c.callee ?? c.tag)).map(label),
    duds: calls.filter((c) => fails(c.callee ?? c.tag)).map(label),
    names,
  };
}
