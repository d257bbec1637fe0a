// The rule rows /api/v1/rules answers with (documented as objects; repo/threat/rules.ts writes them).
export interface Rule {
  id: number;
  attackClass: string;
  secRule: string;
  provenance: { evidenceIds?: string[]; modelVersion?: string; workflowId?: string; gatekeeper?: { action: string; reasons: string[]; policy_version: string } } & Record<string, unknown>;
  status: string;
  confidence: number;
  fpReports: number;
  createdAt: string;
  updatedAt: string;
}

export interface RuleEvent {
  id: number;
  ts: string;
  type: string;
  actor: string;
  reason: string | null;
  rulesetVersion: number | null;
}

export interface RulesetVersion {
  version: number;
  ts: string;
  actor: string;
  reason: string | null;
  ruleIds: number[];
}
