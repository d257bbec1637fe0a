// The committed environments/environment.schema.json is what environmentJsonSchema() derives
// from the zod schema; UPDATE_ENVIRONMENT_SCHEMA=1 rewrites it.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { environmentJsonSchema } from './json-schema';

const FILE = new URL('../../../../environments/environment.schema.json', import.meta.url);
const text = () => `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;

describe('environment JSON Schema', () => {
  if (process.env.UPDATE_ENVIRONMENT_SCHEMA === '1') writeFileSync(FILE, text());

  it('the committed file is fresh (else run UPDATE_ENVIRONMENT_SCHEMA=1 npx vitest run domain/hardening/twin/schema/json-schema.test.ts)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(text());
  });

  it('covers every use-case section and the fields they rest on', () => {
    const s = environmentJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown>; items?: { properties: Record<string, unknown> } }>; required: string[] };
    for (const k of ['adminCidrs', 'exceptions', 'breakGlassRoles', 'iam', 'waf', 'incidentResponse', 'compliance', 'riskBudgets', 'tenancy', 'recommendOnly', 'desiredState', 'environmentFacts'])
      expect(Object.keys(s.properties), k).toContain(k);
    const asset = s.properties.assets.items!.properties;
    for (const k of ['public', 'ports', 'privileged', 'owner', 'runner', 'steps', 'signedArtifacts', 'secretScanning', 'wafStrictness', 'latencyMs', 'availability', 'cpuMillis'])
      expect(Object.keys(asset), k).toContain(k);
    expect(s.properties.waf.properties).toHaveProperty('partnerRoutes');
    expect(s.properties.waf.properties).toHaveProperty('maxStrictness');
    expect(s.properties.incidentResponse.properties).toHaveProperty('severityThreshold');
    expect(s.properties.compliance.properties).toHaveProperty('baseline');
    // Only what an author must write is required.
    expect(s.required.sort()).toEqual(['assets', 'name', 'slo', 'telemetry', 'tenant', 'tier']);
  });
});
