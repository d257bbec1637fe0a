// Model reports (domain/threat/models/report.ts) stored in Postgres, rendered once as Markdown
// and HTML, and listed per model for the registry's links.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { escapeNul, unescapeNul } from '../../db/nul-escape';
import { modelReports } from '../../db/schema';
import { renderHtml, renderMarkdown, type ModelReport } from '../../domain/threat/models/report';

export type StoredReport = typeof modelReports.$inferSelect;
export type ReportSummary = Pick<StoredReport, 'id' | 'modelId' | 'kind' | 'decision' | 'title' | 'workflowId' | 'createdAt'>;

/**
 * Renders and stores `report`; idempotent on `dedupKey` (an activity retry gets the first
 * row's id back). Resolves with the report's id.
 */
export async function saveModelReport(db: Db, report: ModelReport, ref: { workflowId: string; dedupKey: string }): Promise<number> {
  const [row] = await db
    .insert(modelReports)
    .values({
      modelId: report.modelId,
      kind: report.kind,
      decision: report.decision,
      title: escapeNul(report.title),
      workflowId: ref.workflowId,
      dedupKey: ref.dedupKey,
      markdown: escapeNul(renderMarkdown(report)),
      html: escapeNul(renderHtml(report)),
    })
    .onConflictDoNothing({ target: modelReports.dedupKey })
    .returning({ id: modelReports.id });
  if (row) return row.id;
  const [existing] = await db.select({ id: modelReports.id }).from(modelReports).where(eq(modelReports.dedupKey, ref.dedupKey)).limit(1);
  return existing.id;
}

export async function getModelReport(db: Db, id: number): Promise<StoredReport | undefined> {
  const [row] = await db.select().from(modelReports).where(eq(modelReports.id, id)).limit(1);
  return row && { ...row, title: unescapeNul(row.title), markdown: unescapeNul(row.markdown), html: unescapeNul(row.html) };
}

/** Every report of the given models, oldest first, grouped by model id. */
export async function reportsByModel(db: Db, modelIds: readonly string[]): Promise<Map<string, ReportSummary[]>> {
  const out = new Map<string, ReportSummary[]>();
  if (!modelIds.length) return out;
  const rows = await db
    .select({ id: modelReports.id, modelId: modelReports.modelId, kind: modelReports.kind, decision: modelReports.decision, title: modelReports.title, workflowId: modelReports.workflowId, createdAt: modelReports.createdAt })
    .from(modelReports)
    .where(inArray(modelReports.modelId, [...modelIds]))
    .orderBy(asc(modelReports.id));
  for (const r of rows) out.set(r.modelId, [...(out.get(r.modelId) ?? []), r]);
  return out;
}
