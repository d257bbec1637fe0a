// Hardening pairs beyond the seed's first twelve, for network, workload and IAM:
// tenant segmentation (UC9), root-filesystem and non-root posture (UC2), and
// resource-scoped roles (UC3). Data only; effects live in ./effects.
import type { CatalogPair as Pair } from '../catalog';

export const POSTURE_PAIRS: Pair[] = [
  {
    id: 'segment_tenant_network', domain: 'network', title: 'Segment tenant network',
    description: "Refuse traffic between different tenants' assets (shared platform assets stay reachable).",
    cost: 0.07, reversible: true, targetKinds: ['service', 'datastore', 'bucket'], fields: ['segmented'], params: '{}',
    undo: { id: 'remove_tenant_segmentation', title: 'Remove tenant segmentation', description: 'Accept traffic from any tenant again.', cost: 0.02, params: '{}' },
  },
  {
    id: 'read_only_root_fs', domain: 'workload', title: 'Read-only root filesystem',
    description: 'Mount the container root filesystem read-only (writes go to declared volumes).',
    cost: 0.04, reversible: true, targetKinds: ['service', 'workload'], fields: ['readOnlyRootFs'], params: '{}',
    undo: { id: 'writable_root_fs', title: 'Writable root filesystem', description: 'Mount the root filesystem read-write.', cost: 0.01, params: '{}' },
  },
  {
    id: 'run_as_non_root', domain: 'workload', title: 'Run as non-root',
    description: 'Require a non-zero UID (runAsNonRoot).',
    cost: 0.04, reversible: true, targetKinds: ['service', 'workload'], fields: ['runAsNonRoot'], params: '{}',
    undo: { id: 'allow_root', title: 'Allow root', description: 'Let the container run as UID 0.', cost: 0.01, params: '{}' },
  },
  {
    id: 'scope_role_to_resources', domain: 'iam', title: 'Scope role to resources', removesPermissions: true,
    description: "Narrow the role's grants from every resource of a kind to the resources it owns.",
    cost: 0.06, reversible: true, targetKinds: ['identity'], fields: ['scopedToResources'], params: '{}',
    undo: { id: 'unscope_role', title: 'Unscope role', description: 'Grant on every resource of a kind again.', cost: 0.03, params: '{}' },
  },
];
