// Zod shape of the control state; separate from ./controls so action effects can
// validate `restore` params without an import cycle.
import { z } from 'zod';
import { POD_SECURITY_LEVELS, TLS_VERSIONS } from './spec-schema';

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
});
export const ControlsSchema = z.strictObject({ assets: z.record(z.string(), AssetControlsSchema) });

