// The five incident-containment actions and their inverses, as catalog pairs (the catalog in
// domain/hardening/actions/catalog.ts appends them). Containment is an emergency measure: the
// hardening agent never proposes these (candidateActions skips `containment`), drift never
// reverts them, and only the incident-containment workflow applies and releases them.
import type { CatalogPair } from '../hardening/actions/catalog';

/** Catalog ids of the containment actions, in the order the design names them. */
export const CONTAINMENT_ACTION_IDS = [
  'isolate_segment',
  'disable_credentials',
  'tighten_egress',
  'quarantine_workload',
  'block_waf_source',
] as const;
export type ContainmentActionId = (typeof CONTAINMENT_ACTION_IDS)[number];

export const CONTAINMENT_PAIRS: CatalogPair[] = [
  {
    id: 'isolate_segment', domain: 'network', title: 'Isolate segment', containment: true,
    description: 'Cut every network connection to and from the asset (it keeps running; credentials it holds stay valid).',
    cost: 0.3, reversible: true, targetKinds: ['service', 'workload', 'datastore'], fields: ['isolated'], params: '{}',
    undo: { id: 'rejoin_segment', title: 'Rejoin segment', description: 'Reconnect the asset to its network segment.', cost: 0.05, params: '{}' },
  },
  {
    id: 'disable_credentials', domain: 'iam', title: 'Disable credentials', containment: true, removesPermissions: true,
    description: 'Disable the identity: its keys and tokens stop authenticating (assets running as it cannot call out).',
    cost: 0.25, reversible: true, targetKinds: ['identity'], fields: ['credentialsDisabled'], params: '{}',
    undo: { id: 'enable_credentials', title: 'Enable credentials', description: 'Let the identity authenticate again.', cost: 0.05, params: '{}' },
  },
  {
    id: 'tighten_egress', domain: 'network', title: 'Tighten egress', containment: true,
    description: 'Outbound connections only along documented dependencies: no east-west probing, no undocumented callbacks.',
    cost: 0.1, reversible: true, targetKinds: ['service', 'workload'], fields: ['egressRestricted'], params: '{}',
    undo: { id: 'relax_egress', title: 'Relax egress', description: 'Allow any outbound connection again.', cost: 0.02, params: '{}' },
  },
  {
    id: 'quarantine_workload', domain: 'workload', title: 'Quarantine workload', containment: true,
    description: 'Stop the workload and keep it for forensics: no traffic in or out, its pod identity revoked with it.',
    cost: 0.4, reversible: true, targetKinds: ['service', 'workload'], fields: ['quarantined'], params: '{}',
    undo: { id: 'release_workload', title: 'Release workload', description: 'Start the workload again from quarantine.', cost: 0.1, params: '{}' },
  },
  {
    id: 'block_waf_source', domain: 'waf', title: 'Block a source at the WAF', containment: true,
    description: 'Drop requests from the given source addresses at the WAF in front of an internet-facing service.',
    cost: 0.05, reversible: true, targetKinds: ['service'], fields: ['wafBlockedSources'],
    params: '{ sources: string[] } (IPv4 addresses or CIDRs)',
    undo: { id: 'unblock_waf_source', title: 'Unblock WAF source', description: 'Accept requests from those sources again.', cost: 0.02, params: '{ sources?: string[] }' },
  },
];
