// Zod shape of the control state; separate from ./controls so action effects can
// validate `restore` params without an import cycle.
import { z } from 'zod';
import { MAX_WAF_STRICTNESS, POD_SECURITY_LEVELS, RUNNER_PERMISSIONS, TLS_VERSIONS, WAF_MODES } from './schema/constants';

const port = z.number().int().min(1).max(65535);
export const AssetControlsSchema = z.strictObject({
  openPorts: z.array(port).optional(),
  ingress: z.enum(['public', 'restricted']).optional(),
  ingressCidrs: z.array(z.string()).optional(),
  allowlist: z.boolean().optional(),
  privileged: z.boolean().optional(),
  capabilitiesDropped: z.boolean().optional(),
  podSecurity: z.enum(POD_SECURITY_LEVELS).optional(),
  limits: z.strictObject({ cpu: z.string(), memoryMi: z.number().int().positive() }).optional(),
  permissions: z.array(z.string()).optional(),
  mfa: z.boolean().optional(),
  credentialGeneration: z.number().int().min(0).optional(),
  credentialsStale: z.boolean().optional(),
  encryptionAtRest: z.boolean().optional(),
  tlsMinVersion: z.enum(TLS_VERSIONS).optional(),
  logging: z.boolean().optional(),
  // incident containment (domain/containment): unset means not contained
  isolated: z.boolean().optional(),
  credentialsDisabled: z.boolean().optional(),
  egressRestricted: z.boolean().optional(),
  quarantined: z.boolean().optional(),
  wafBlockedSources: z.array(z.string()).optional(),
  segmented: z.boolean().optional(),
  readOnlyRootFs: z.boolean().optional(),
  runAsNonRoot: z.boolean().optional(),
  scopedToResources: z.boolean().optional(),
  signedArtifacts: z.boolean().optional(),
  pinnedDependencies: z.boolean().optional(),
  runnerPermissions: z.enum(RUNNER_PERMISSIONS).optional(),
  secretScanning: z.boolean().optional(),
  buildSecretsGeneration: z.number().int().min(0).optional(),
  buildSecretsStale: z.boolean().optional(),
  wafStrictness: z.number().int().min(0).max(MAX_WAF_STRICTNESS).optional(),
  wafMode: z.enum(WAF_MODES).optional(),
  rateLimitRps: z.number().int().positive().optional(),
});
export const ControlsSchema = z.strictObject({ assets: z.record(z.string(), AssetControlsSchema) });

