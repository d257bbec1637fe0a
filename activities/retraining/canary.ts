// canaryPromotionWorkflow's activities: check the candidate, set the serving split, analyse a
// stage's live stats (repo/models/serving-stats.ts readCanaryWindow) against the thresholds,
// promote, route everything back to production (the compensation), and store the reports.
// Thin over repo/models and domain/threat/models.
import type { Db } from '../../db/client';
import { analyzeCanary, decideStage, type CanaryAnalysis, type CanaryThresholds, type CanaryWindow, type StageDecision, type StagePolicy, type StageTally } from '../../domain/threat/models/canary-analysis';
import { defaultModel } from '../../domain/threat/detection/model-io';
import { canaryReport } from '../../domain/threat/models/report-content';
import { getModel, productionModel } from '../../repo/datasets/models';
import { saveModelReport } from '../../repo/datasets/model-reports';
import { rollbackToProduction, servingModels, setServingSplit, ServingSplitError } from '../../repo/models/serving-split';
import { readCanaryWindow } from '../../repo/models/serving-stats';
import { permanentFailure } from '../failures';

export interface CanaryDeps {
  db: Db;
}

interface SplitRef {
  candidateModelId: string;
  /** null: the committed model serves production. */
  productionModelId: string | null;
}

function splitFailure(err: unknown): unknown {
  return err instanceof ServingSplitError ? permanentFailure('InvalidInput', err.message) : err;
}

export function createCanaryActivities({ db }: CanaryDeps) {
  return {
    /**
     * Checks the candidate may start a canary (registered or already canary, and no other
     * model in canary) and names the production model it is compared with (null: committed).
     * @throws InvalidInput (non-retryable) otherwise.
     */
    async beginCanaryPromotion(input: { candidateModelId: string }): Promise<{ productionModelId: string | null }> {
      const m = await getModel(db, input.candidateModelId);
      if (!m) throw permanentFailure('InvalidInput', `model ${input.candidateModelId} not found`);
      if (m.status !== 'registered' && m.status !== 'canary') throw permanentFailure('InvalidInput', `model ${m.id} is ${m.status}: only registered or canary models are promoted`);
      const { candidate } = await servingModels(db);
      if (candidate && candidate.id !== m.id) throw permanentFailure('InvalidInput', `model ${candidate.id} is in canary: one promotion at a time`);
      return { productionModelId: (await productionModel(db))?.id ?? null };
    },

    /** Routes `percent` (1..99) of traffic to the candidate (status canary). */
    async setServingSplit(input: SplitRef & { percent: number }): Promise<void> {
      await setServingSplit(db, { candidateModelId: input.candidateModelId, canaryPercent: input.percent }).catch((err) => {
        throw splitFailure(err);
      });
    },

    /** The candidate becomes production; the previous production model is retired. */
    async promoteCandidate(input: SplitRef): Promise<void> {
      await setServingSplit(db, { candidateModelId: input.candidateModelId, canaryPercent: 100 }).catch((err) => {
        throw splitFailure(err);
      });
    },

    /**
     * Compensation: the candidate stops serving (rolled_back) and production serves 100 %
     * (the model it replaced, if it had been promoted). Nothing to do when already out.
     */
    async restoreProductionServing(input: SplitRef): Promise<string | false> {
      const m = await getModel(db, input.candidateModelId);
      if (!m || m.status === 'rolled_back' || m.status === 'retired') return false;
      const { productionModelId } = await rollbackToProduction(db, input.candidateModelId);
      return `${input.candidateModelId} ${m.status} → rolled_back; ${productionModelId ?? 'the committed model'} serves 100%`;
    },

    /**
     * One analysis of [fromMs, toMs) (ms since the epoch) and the stage's decision after it.
     * `tally` is the stage's count before this analysis; the answer carries it updated.
     */
    async analyzeCanaryStage(input: SplitRef & { fromMs: number; toMs: number; thresholds: CanaryThresholds; policy: StagePolicy; tally: StageTally; windowElapsed: boolean }): Promise<{ analysis: CanaryAnalysis; tally: StageTally; decision: StageDecision }> {
      const window: CanaryWindow = await readCanaryWindow(db, {
        candidateModelId: input.candidateModelId,
        productionModelId: input.productionModelId ?? defaultModel().version,
        fromMs: input.fromMs,
        toMs: input.toMs,
      });
      const analysis = analyzeCanary(window, input.thresholds, input.fromMs, input.toMs);
      const tally = { ...input.tally, [analysis.phase]: input.tally[analysis.phase] + 1 };
      return { analysis, tally, decision: decideStage(tally, input.policy, input.windowElapsed) };
    },

    /** Stores a stage, rollback, abort or promotion report; idempotent on dedupKey. Resolves with its id. */
    async saveCanaryReport(input: {
      workflowId: string; dedupKey: string; kind: 'canary_stage' | 'rollback' | 'abort' | 'promotion'; candidateModelId: string; productionModelId: string | null;
      percent: number; decision: string; reasons: string[]; analyses: CanaryAnalysis[]; compensations: { step: string; status: string; reason?: string }[];
    }): Promise<number> {
      const report = canaryReport({ ...input, modelId: input.candidateModelId, at: new Date().toISOString() });
      return saveModelReport(db, report, { workflowId: input.workflowId, dedupKey: input.dedupKey });
    },
  };
}

export type CanaryActivities = ReturnType<typeof createCanaryActivities>;
