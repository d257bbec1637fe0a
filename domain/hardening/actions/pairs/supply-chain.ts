// CI/CD supply-chain hardening (seed use case 7): signed artifacts, pinned
// dependencies, least-privilege runners, secret scanning, build-secret rotation.
// Data only; effects live in ./effects.
import type { CatalogPair as Pair } from '../catalog';

const PIPELINE = ['pipeline' as const];

export const SUPPLY_CHAIN_PAIRS: Pair[] = [
  {
    id: 'enforce_signed_artifacts', domain: 'supply_chain', title: 'Enforce signed artifacts',
    description: 'Sign what the pipeline builds and refuse unsigned inputs (cosign/Sigstore style).',
    cost: 0.06, reversible: true, targetKinds: PIPELINE, fields: ['signedArtifacts'], params: '{}',
    undo: { id: 'allow_unsigned_artifacts', title: 'Allow unsigned artifacts', description: 'Accept unsigned artifacts again.', cost: 0.01, params: '{}' },
  },
  {
    id: 'pin_dependencies', domain: 'supply_chain', title: 'Pin dependencies',
    description: 'Resolve every dependency and base image by digest/lockfile instead of a floating tag.',
    cost: 0.05, reversible: true, targetKinds: PIPELINE, fields: ['pinnedDependencies'], params: '{}',
    undo: { id: 'unpin_dependencies', title: 'Unpin dependencies', description: 'Resolve floating tags again.', cost: 0.01, params: '{}' },
  },
  {
    id: 'restrict_runner_permissions', domain: 'supply_chain', title: 'Restrict runner permissions', pipelinePermissions: true,
    description: "Run the pipeline's jobs unprivileged, with a job-scoped token instead of the runner's standing one.",
    cost: 0.07, reversible: true, targetKinds: PIPELINE, fields: ['runnerPermissions'], params: '{}',
    undo: { id: 'elevate_runner_permissions', title: 'Elevate runner permissions', description: 'Give jobs the privileged runner back.', cost: 0.03, params: '{}' },
  },
  {
    id: 'enable_secret_scanning', domain: 'supply_chain', title: 'Enable secret scanning',
    description: 'Add a secret-scanning step that fails the build on a leaked credential.',
    cost: 0.03, reversible: true, targetKinds: PIPELINE, fields: ['secretScanning'], params: '{}',
    undo: { id: 'disable_secret_scanning', title: 'Disable secret scanning', description: 'Remove the secret-scanning step.', cost: 0.01, params: '{}', disablesScanning: true },
  },
  {
    // Like rotate_credentials: the old secrets are revoked for real, so the undo is bookkeeping only.
    id: 'rotate_build_secrets', domain: 'supply_chain', title: 'Rotate build secrets',
    description: "Issue new build secrets (registry, signing, deploy tokens) and revoke the stale ones.",
    cost: 0.06, reversible: false, targetKinds: PIPELINE, fields: ['buildSecretsGeneration', 'buildSecretsStale'],
    params: '{ generation?: number }',
    undo: { id: 'restore_previous_build_secrets', title: 'Restore previous build secrets', description: 'Mark the previous secret generation current.', cost: 0.05, params: '{ generation?: number }' },
  },
];
