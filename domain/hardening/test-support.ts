// Test-only helpers: the domain itself never reads files.
import { readFileSync } from 'node:fs';
import { parseEnvironmentSpec, type EnvironmentSpec } from './twin/spec';

export const SAMPLE_NAMES = ['sandbox', 'prod-payments', 'stage-platform'] as const;

export function sampleYaml(name: (typeof SAMPLE_NAMES)[number]): string {
  return readFileSync(new URL(`../../environments/${name}.yaml`, import.meta.url), 'utf8');
}

export function loadSample(name: (typeof SAMPLE_NAMES)[number]): EnvironmentSpec {
  return parseEnvironmentSpec(sampleYaml(name));
}
