// /openapi.json is the API reference (/docs renders it): every request body must say what it
// holds. A JSON body is an object with named, described properties and an example (an anyOf
// of such objects counts); any other media type needs a schema and an example.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { makeApp, throwingTemporal } from './test-support';

interface Schema {
  $ref?: string;
  type?: string;
  description?: string;
  example?: unknown;
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  oneOf?: Schema[];
}
interface Doc {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: Schema; example?: unknown }> } }>>;
  components: { schemas: Record<string, Schema> };
}

let db: DbHandle;
let doc: Doc;

beforeAll(async () => {
  const made = await makeApp({ temporal: throwingTemporal() });
  db = made.db;
  doc = (await (await made.app.request('/openapi.json')).json()) as Doc;
});
afterAll(() => db.close());

const deref = (s: Schema | undefined): Schema | undefined => (s?.$ref ? deref(doc.components.schemas[s.$ref.split('/').pop() ?? '']) : s);

/** Problems with one JSON object schema: no properties, or properties without a description. */
function objectProblems(schema: Schema | undefined): string[] {
  const s = deref(schema);
  if (!s) return ['no schema'];
  const branches = s.properties ? undefined : (s.anyOf ?? s.oneOf);
  if (branches) return branches.flatMap(objectProblems);
  const props = Object.entries(s.properties ?? {});
  if (!props.length) return [`no properties (type: ${s.type ?? 'none'})`];
  return props.filter(([, p]) => !p.description && !deref(p)?.description).map(([name]) => `property "${name}" has no description`);
}

describe('request bodies in /openapi.json', () => {
  it('every body has a schema with described properties and an example', () => {
    const problems: string[] = [];
    let bodies = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
          bodies++;
          const where = `${method.toUpperCase()} ${path} (${type})`;
          const schema = deref(media.schema);
          if (!schema) problems.push(`${where}: no schema`);
          if (media.example === undefined && schema?.example === undefined) problems.push(`${where}: no example`);
          if (/json/.test(type)) problems.push(...objectProblems(media.schema).map((p) => `${where}: ${p}`));
        }
      }
    }
    expect(bodies).toBeGreaterThan(15);
    expect(problems).toEqual([]);
  });
});
