// Enumerations shared by the spec, control and section schemas (kept apart so none of them import each other in a cycle).
export const TLS_VERSIONS = ['1.0', '1.1', '1.2', '1.3'] as const;
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export const RUNNER_PERMISSIONS = ['elevated', 'restricted'] as const;
export const WAF_MODES = ['detect', 'block'] as const;
/** WAF strictness is a paranoia level, 0 (off) .. 4 (strictest), as in the OWASP CRS. */
export const MAX_WAF_STRICTNESS = 4;
