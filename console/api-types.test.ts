// The console's committed API types (console/src/api/schema.d.ts) must be what
// `npm run console:api` generates from the current /openapi.json: a route or schema change
// without regenerating fails here.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generateApiTypes, SCHEMA_FILE } from './tools/gen-api';

it('console/src/api/schema.d.ts matches /openapi.json (else run: npm run console:api)', async () => {
  const committed = readFileSync(SCHEMA_FILE, 'utf8');
  expect(committed === (await generateApiTypes()), 'stale: run npm run console:api and commit the result').toBe(true);
}, 60_000);
