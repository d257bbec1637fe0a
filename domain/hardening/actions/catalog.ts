// The action catalog: every change Bulwark can make, and the change that undoes
// it. Data only; what an action does to the controls lives in ./effects.
import type { ActionDefinition, ProposedAction } from '../types';
import type { AssetKind } from '../twin/spec';
import type { ControlField } from '../twin/controls';
import { CONTAINMENT_PAIRS } from '../../containment/actions';
import { POSTURE_PAIRS } from './pairs/posture';
import { SUPPLY_CHAIN_PAIRS } from './pairs/supply-chain';
import { WAF_PAIRS } from './pairs/waf';

export interface CatalogAction extends ActionDefinition {
  /** Asset kinds the action can target. */
  targetKinds: AssetKind[];
  /** Control fields the action may change (drift and compensation work per field group). */
  fields: ControlField[];
  /** Accepted params, for humans and the API docs. Every action also accepts `{ restore, compensation? }`. */
  params: string;
}

/** An action and its compensation, defined together (also by domain/containment/actions.ts). */
export type CatalogPair = Omit<CatalogAction, 'inverse' | 'reversible' | 'weakens' | 'disablesScanning'> & {
  reversible: boolean;
  undo: { id: string; title: string; description: string; cost: number; params: string; disablesScanning?: boolean };
};

const POD: AssetKind[] = ['service', 'workload'];
const REACHABLE: AssetKind[] = ['service', 'datastore'];

// Defined in pairs so an action can never exist without its compensation.
const PAIRS: CatalogPair[] = [
  {
    id: 'restrict_ingress', domain: 'network', title: 'Restrict ingress',
    description: 'Replace 0.0.0.0/0 ingress with internal sources plus the admin CIDRs.',
    cost: 0.05, reversible: true, targetKinds: ['service', 'datastore', 'bucket'], fields: ['ingress', 'ingressCidrs'],
    params: '{ allowed_cidrs?: string[] } (default: the environment admin CIDRs)',
    undo: { id: 'open_ingress', title: 'Open ingress', description: 'Allow ingress from anywhere again.', cost: 0.02, params: '{}' },
  },
  {
    id: 'close_port', domain: 'network', title: 'Close unused ports',
    description: 'Close listening ports that no documented dependency uses.',
    cost: 0.02, reversible: true, targetKinds: REACHABLE, fields: ['openPorts'],
    params: '{ ports?: number[] } (default: open ports without a documented inbound edge)',
    undo: { id: 'open_port', title: 'Open ports', description: 'Re-open listening ports.', cost: 0.02, params: '{ ports: number[] }' },
  },
  {
    id: 'allowlist_service_to_service', domain: 'network', title: 'Service-to-service allowlist',
    description: 'Only callers on documented dependency edges may connect.',
    cost: 0.08, reversible: true, targetKinds: REACHABLE, fields: ['allowlist'], params: '{}',
    undo: { id: 'remove_service_allowlist', title: 'Remove allowlist', description: 'Allow any internal caller again.', cost: 0.02, params: '{}' },
  },
  {
    id: 'drop_capabilities', domain: 'workload', title: 'Drop capabilities',
    description: 'Drop all Linux capabilities and disable privileged mode.',
    cost: 0.04, reversible: true, targetKinds: POD, fields: ['capabilitiesDropped', 'privileged'], params: '{}',
    undo: { id: 'restore_capabilities', title: 'Restore capabilities', description: 'Give the default capability set back.', cost: 0.02, params: '{}' },
  },
  {
    id: 'set_resource_limits', domain: 'workload', title: 'Set resource limits',
    description: 'Set CPU and memory limits (default: 1.5x the known memory footprint).',
    cost: 0.03, reversible: true, targetKinds: POD, fields: ['limits'], params: '{ cpu?: string, memoryMi?: number }',
    undo: { id: 'remove_resource_limits', title: 'Remove resource limits', description: 'Run without limits.', cost: 0.01, params: '{}' },
  },
  {
    id: 'restricted_pod_security', domain: 'workload', title: 'Restricted pod security',
    description: 'Enforce the restricted Pod Security Standard (no privileged, host access or extra capabilities).',
    cost: 0.06, reversible: true, targetKinds: POD, fields: ['podSecurity'], params: '{}',
    undo: { id: 'relax_pod_security', title: 'Relax pod security', description: 'Lower the Pod Security level.', cost: 0.02, params: "{ level?: 'baseline' | 'privileged' }" },
  },
  {
    id: 'remove_unused_permissions', domain: 'iam', title: 'Remove unused permissions', removesPermissions: true,
    description: 'Remove permissions the role has not used in the observation window.',
    cost: 0.05, reversible: true, targetKinds: ['identity'], fields: ['permissions'],
    params: '{ permissions?: string[] } (default: permissions minus used permissions)',
    undo: { id: 'grant_permissions', title: 'Grant permissions', description: 'Grant permissions back to the role.', cost: 0.03, params: '{ permissions: string[] }' },
  },
  {
    id: 'enforce_mfa', domain: 'iam', title: 'Enforce MFA',
    description: 'Require multi-factor authentication for the identity.',
    cost: 0.04, reversible: true, targetKinds: ['identity'], fields: ['mfa'], params: '{}',
    undo: { id: 'disable_mfa', title: 'Disable MFA', description: 'Stop requiring MFA.', cost: 0.01, params: '{}' },
  },
  {
    // Irreversible in the world: the old secret is gone. The compensation only
    // restores the model's bookkeeping, which is why reversible is false.
    id: 'rotate_credentials', domain: 'iam', title: 'Rotate credentials',
    description: 'Issue new credentials for the identity and revoke the stale ones.',
    cost: 0.06, reversible: false, targetKinds: ['identity'], fields: ['credentialGeneration', 'credentialsStale'],
    params: '{ generation?: number }',
    undo: { id: 'restore_previous_credentials', title: 'Restore previous credentials', description: 'Mark the previous credential generation current.', cost: 0.05, params: '{ generation?: number }' },
  },
  {
    id: 'enable_encryption_at_rest', domain: 'compliance', title: 'Encryption at rest',
    description: 'Encrypt stored data with a managed key.',
    cost: 0.07, reversible: true, targetKinds: ['datastore', 'bucket'], fields: ['encryptionAtRest'], params: '{ kmsKey?: string }',
    undo: { id: 'disable_encryption_at_rest', title: 'Disable encryption at rest', description: 'Store data unencrypted.', cost: 0.03, params: '{}' },
  },
  {
    id: 'enforce_tls12', domain: 'compliance', title: 'Enforce TLS >= 1.2',
    description: 'Refuse TLS 1.0/1.1 handshakes.',
    cost: 0.04, reversible: true, targetKinds: ['service', 'datastore', 'bucket'], fields: ['tlsMinVersion'], params: '{}',
    undo: { id: 'allow_legacy_tls', title: 'Allow legacy TLS', description: 'Accept TLS 1.0/1.1 again.', cost: 0.01, params: "{ version?: '1.0' | '1.1' }" },
  },
  {
    id: 'enable_logging', domain: 'compliance', title: 'Enable audit logging',
    description: 'Ship access and audit logs to the central store.',
    cost: 0.02, reversible: true, targetKinds: ['service', 'workload', 'datastore', 'bucket', 'pipeline'], fields: ['logging'], params: '{}',
    undo: { id: 'disable_logging', title: 'Disable logging', description: 'Stop shipping logs.', cost: 0.01, params: '{}' },
  },
  ...POSTURE_PAIRS,
  ...SUPPLY_CHAIN_PAIRS,
  ...WAF_PAIRS,
];

export const ACTION_CATALOG: CatalogAction[] = [...PAIRS, ...CONTAINMENT_PAIRS].flatMap(({ undo, ...fwd }) => [
  {
    ...fwd, inverse: undo.id, weakens: false, removesPermissions: fwd.removesPermissions ?? false, containment: fwd.containment ?? false,
    pipelinePermissions: fwd.pipelinePermissions ?? false, disablesScanning: false,
  },
  {
    ...undo,
    domain: fwd.domain,
    inverse: fwd.id,
    reversible: true,
    weakens: true,
    removesPermissions: false,
    containment: fwd.containment ?? false,
    // Giving a runner its permissions back is as much a pipeline permission change as taking them.
    pipelinePermissions: fwd.pipelinePermissions ?? false,
    disablesScanning: undo.disablesScanning ?? false,
    targetKinds: fwd.targetKinds,
    fields: fwd.fields,
  },
]);

const BY_ID = new Map(ACTION_CATALOG.map((a) => [a.id, a]));

export function getAction(id: string): CatalogAction | undefined {
  return BY_ID.get(id);
}

/** `actionId@target`: the one key of a change, used for masks, dedup and summaries. */
export function actionKey(a: Pick<ProposedAction, 'actionId' | 'target'> & { params?: unknown }): string {
  return `${a.actionId}@${a.target}`;
}
