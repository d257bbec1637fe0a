// Test-only: the incident lab estate (domain/containment/fixtures/incident-lab.yaml).
import { readFileSync } from 'node:fs';
import { parseEnvironmentSpec, type EnvironmentSpec } from '../hardening/twin/spec';

export const INCIDENT_LAB_PATH = new URL('./fixtures/incident-lab.yaml', import.meta.url);

export function incidentLabYaml(): string {
  return readFileSync(INCIDENT_LAB_PATH, 'utf8');
}

export function loadIncidentLab(): EnvironmentSpec {
  return parseEnvironmentSpec(incidentLabYaml());
}
