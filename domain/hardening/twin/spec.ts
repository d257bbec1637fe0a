// Environment specs: YAML in, a validated and cross-checked object out. Every
// error names the offending field so a spec author can fix it without reading code.
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Tier } from '../types';
import { AssetSchema, CriticalFlowSchema, EdgeSchema, EnvironmentSpecSchema, EXTERNAL } from './spec-schema';
import { initialControls } from './controls';
import { flowReport } from './reachability';
import { checkSections } from './schema/checks';
import { locate } from './schema/locate';

export { EXTERNAL } from './spec-schema';

export type Asset = z.output<typeof AssetSchema>;
export type AssetKind = Asset['kind'];
export type Edge = z.output<typeof EdgeSchema>;
export type CriticalFlow = z.output<typeof CriticalFlowSchema>;
type ParsedSpec = z.output<typeof EnvironmentSpecSchema>;
export interface EnvironmentSpec extends ParsedSpec {
  tier: Tier;
}

export class SpecError extends Error {
  /**
   * `path` names the field (`assets[3].roles[0]`; '' for the document); `line` and `column`
   * (1-based) say where it is in the YAML text, when the spec came from YAML.
   */
  constructor(
    readonly path: string,
    readonly detail: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${line !== undefined ? `line ${line}: ` : ''}${path ? `${path}: ${detail}` : detail}`);
    this.name = 'SpecError';
  }
}

/** Control characters other than tab and line breaks: Postgres cannot store NUL, and none belongs in a spec. */
const CONTROL = /[^\P{Cc}\t\n\r]/u;

/** Parses and checks a YAML spec; a SpecError names the field and its line in `yamlText`. */
export function parseEnvironmentSpec(yamlText: string): EnvironmentSpec {
  if (CONTROL.test(yamlText)) throw new SpecError('', 'the YAML text contains control characters (e.g. NUL)');
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { prettyErrors: true, lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new SpecError('', `invalid YAML: ${e.message}`, e.linePos?.[0].line, e.linePos?.[0].col);
  }
  try {
    return parseEnvironmentSpecObject(doc.toJS());
  } catch (e) {
    if (!(e instanceof SpecError) || !e.path) throw e;
    const at = locate(doc, lineCounter, e.path);
    throw new SpecError(e.path, e.detail, at?.line, at?.col);
  }
}

export function parseEnvironmentSpecObject(obj: unknown): EnvironmentSpec {
  const res = EnvironmentSpecSchema.safeParse(obj);
  if (!res.success) {
    const issues = res.error.issues.map((i) => {
      const keys = i.code === 'unrecognized_keys' ? i.keys : [];
      const path = formatPath(keys.length === 1 ? [...i.path, keys[0]] : i.path);
      const hint = itemHint(obj, i.path);
      return { path, detail: `${i.message}${hint}`, text: `${path}${hint}: ${i.message}` };
    });
    const first = issues[0];
    const more = issues.length > 1 ? `\n  ${issues.slice(1, 10).map((i) => i.text).join('\n  ')}` : '';
    throw new SpecError(first.path, `${first.detail}${more}`);
  }
  const spec = res.data as EnvironmentSpec;
  checkText(spec, '');
  checkReferences(spec);
  checkSections(spec);
  checkBaseline(spec);
  return spec;
}

/** Refuses control characters in any string (a YAML escape such as "\\0" gets past the text check). */
function checkText(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (CONTROL.test(value)) throw new SpecError(path, 'must not contain control characters (e.g. NUL)');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkText(v, `${path}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      checkText(k, path);
      checkText(v, path ? `${path}.${k}` : k);
    }
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

/** Adds the id of the list element an error sits in, e.g. ` (assets "api")`. */
function itemHint(obj: unknown, path: readonly PropertyKey[]): string {
  if (path.length < 2 || typeof path[1] !== 'number' || !obj || typeof obj !== 'object') return '';
  const list = (obj as Record<string, unknown>)[String(path[0])];
  const item = Array.isArray(list) ? list[path[1]] : undefined;
  const itemId = item && typeof item === 'object' ? (item as Record<string, unknown>).id : undefined;
  return typeof itemId === 'string' ? ` (${String(path[0])} "${itemId}")` : '';
}

function checkReferences(spec: EnvironmentSpec): void {
  const byId = new Map<string, Asset>();
  spec.assets.forEach((a, i) => {
    if (a.id === EXTERNAL) throw new SpecError(`assets[${i}].id`, `"${EXTERNAL}" is reserved for traffic from outside`);
    if (byId.has(a.id)) throw new SpecError(`assets[${i}].id`, `duplicate asset id "${a.id}"`);
    byId.set(a.id, a);
  });
  const isIdentity = (id: string) => byId.get(id)?.kind === 'identity';

  spec.assets.forEach((a, i) => {
    a.roles?.forEach((r, j) => {
      if (!isIdentity(r)) throw new SpecError(`assets[${i}].roles[${j}]`, `"${r}" is not an identity asset`);
    });
    a.usedPermissions?.forEach((p, j) => {
      if (!a.permissions?.includes(p))
        throw new SpecError(`assets[${i}].usedPermissions[${j}]`, `"${p}" is not among the permissions of "${a.id}"`);
    });
  });

  const checkEdges = (field: 'edges' | 'undocumentedEdges') =>
    spec[field].forEach((e, i) => {
      if (e.from !== EXTERNAL && !byId.has(e.from)) throw new SpecError(`${field}[${i}].from`, `unknown asset "${e.from}"`);
      const to = byId.get(e.to);
      if (!to) throw new SpecError(`${field}[${i}].to`, `unknown asset "${e.to}"`);
      if (to.ports && !to.ports.includes(e.port))
        throw new SpecError(`${field}[${i}].port`, `port ${e.port} is not among the ports of "${e.to}" (${to.ports.join(', ')})`);
    });
  checkEdges('edges');
  checkEdges('undocumentedEdges');
  spec.undocumentedEdges.forEach((u, i) => {
    if (spec.edges.some((e) => e.from === u.from && e.to === u.to && e.port === u.port))
      throw new SpecError(`undocumentedEdges[${i}]`, `${u.from} -> ${u.to}:${u.port} is already a documented edge`);
  });

  const flowIds = new Set<string>();
  spec.criticalFlows.forEach((f, i) => {
    if (flowIds.has(f.id)) throw new SpecError(`criticalFlows[${i}].id`, `duplicate flow id "${f.id}"`);
    flowIds.add(f.id);
    f.path.forEach((hop, j) => {
      if (!(byId.has(hop) || (hop === EXTERNAL && j === 0)))
        throw new SpecError(`criticalFlows[${i}].path[${j}]`, `unknown asset "${hop}"`);
      if (j > 0 && !spec.edges.some((e) => e.from === f.path[j - 1] && e.to === hop))
        throw new SpecError(`criticalFlows[${i}].path[${j}]`, `no documented edge ${f.path[j - 1]} -> ${hop}`);
    });
    if (f.port !== undefined) {
      const [from, to] = f.path.slice(-2);
      if (!spec.edges.some((e) => e.from === from && e.to === to && e.port === f.port))
        throw new SpecError(`criticalFlows[${i}].port`, `no documented edge ${from} -> ${to} on port ${f.port}`);
    }
    if (f.identity !== undefined && !isIdentity(f.identity))
      throw new SpecError(`criticalFlows[${i}].identity`, `"${f.identity}" is not an identity asset`);
    if (f.permission !== undefined && f.identity === undefined)
      throw new SpecError(`criticalFlows[${i}].permission`, 'a permission needs an identity');
  });

  spec.breakGlassRoles.forEach((r, i) => {
    if (!isIdentity(r)) throw new SpecError(`breakGlassRoles[${i}]`, `"${r}" is not an identity asset`);
  });
  if (spec.drift && spec.tier !== 'sandbox')
    throw new SpecError('drift', `drift simulation is only for sandbox environments, not ${spec.tier}`);
}

/** A twin whose own critical flows are broken before any change can never judge a change. */
function checkBaseline(spec: EnvironmentSpec): void {
  const report = flowReport(spec, initialControls(spec), 'twin');
  spec.criticalFlows.forEach((f, i) => {
    const r = report[f.id];
    if (!r.reachable) throw new SpecError(`criticalFlows[${i}]`, `flow "${f.id}" is already broken in the spec: ${r.reasons.join('; ')}`);
  });
}
