// gatedRetraining's activities: snapshot a dataset version, train a candidate (heartbeating, in
// a worker thread), validate it against production on the holdout split, the false-positive
// reports and the regression set, register it, and the record of the run. Thin over
// repo/datasets and domain/threat/datasets.
import { Context } from '@temporalio/activity';
import type { Db } from '../../db/client';
import { insufficientData, MIN_SAMPLES, type GateThresholds } from '../../domain/threat/datasets/gates';
import { retrainingOptionsProblem, type RetrainingOptions } from '../../domain/threat/datasets/retraining-options';
import { candidateId, payloadSamples, type CandidateOptions } from '../../domain/threat/datasets/train-version';
import { gateReport } from '../../domain/threat/models/report-content';
import { saveModelReport } from '../../repo/datasets/model-reports';
import { materializeDataset, snapshotDataset } from '../../repo/datasets/samples';
import { getModel, openRetrainingRun, recordRetrainingStep, registerModel, setModelStatus } from '../../repo/datasets/models';
import type { ObjectStore } from '../../objects/store';
import type { RetrainingOutcome } from '../../db/schema';
import { permanentFailure } from '../failures';
import { codeVersion } from './regression-set';
import { validateModel } from './validate';
import { trainInThread } from './train-runner';
import type { RunRef, Snapshot, TrainedCandidate, Validation } from './types';

export interface RetrainingDeps {
  db: Db;
  objects?: ObjectStore;
}

const artifactKey = (modelId: string) => `models/payload-classifier/${modelId}.json`;

function store(deps: RetrainingDeps): ObjectStore {
  // Retryable: a store configured late (or reachable again) lets the same run go on.
  if (!deps.objects) throw new Error('no object store configured: model artifacts cannot be stored');
  return deps.objects;
}

export function createRetrainingActivities(deps: RetrainingDeps) {
  const { db } = deps;
  return {
    /**
     * Opens the run's record, then checks the training options (retraining-options.ts, the API's
     * schema too): a run started directly with, say, hashBits 4 fails here, non-retryably
     * (`InvalidInput`), before it snapshots or trains a model that could not be loaded.
     */
    async openRetrainingRecord(r: RunRef & { trigger: string; requester: string; options?: RetrainingOptions }): Promise<void> {
      const { options, ...run } = r;
      await openRetrainingRun(db, run);
      const problem = retrainingOptionsProblem(options ?? {});
      if (problem) throw permanentFailure('InvalidInput', `retraining input refused: ${problem}`);
    },

    async snapshotTrainingData(input: { runId: string; requester: string; options: CandidateOptions; minSamples?: number }): Promise<Snapshot> {
      const { version, created } = await snapshotDataset(db, input.requester);
      const { samples } = await materializeDataset(db, version.version);
      const count = (split: 'train' | 'holdout') => {
        const c: Record<string, number> = {};
        for (const s of payloadSamples(samples, split)) c[s.label] = (c[s.label] ?? 0) + 1;
        return c;
      };
      const counts = { train: count('train'), holdout: count('holdout') };
      const payloads = payloadSamples(samples).length;
      const snap: Snapshot = {
        datasetVersion: version.version,
        contentHash: version.contentHash,
        created,
        sampleCount: version.sampleCount,
        payloadSamples: payloads,
        counts,
        modelId: candidateId(version.version, version.contentHash, input.options),
        insufficient: insufficientData({ payloadSamples: payloads, ...counts }, input.minSamples ?? MIN_SAMPLES),
      };
      await recordRetrainingStep(db, input.runId, 'snapshot', { datasetVersion: version.version, detail: { contentHash: version.contentHash, counts, created } });
      return snap;
    },

    /**
     * Trains in a worker thread, heartbeating every second. A retry after a lost worker starts
     * over (training is deterministic, so it writes the same bytes) unless the previous attempt
     * already stored the complete artifact, which is then reused. Nothing is registered here.
     */
    async trainCandidateModel(input: { runId: string; datasetVersion: number; contentHash: string; modelId: string; options: CandidateOptions }): Promise<TrainedCandidate> {
      const ctx = Context.current();
      const objects = store(deps);
      const key = artifactKey(input.modelId);
      const previous = ctx.info.heartbeatDetails as { phase?: string } | undefined;
      const head = await objects.head(key);
      if (head && head.meta.complete === 'true') {
        return { artifactKey: key, sha256: head.sha256, size: head.size, trainingSamples: Number(head.meta.trainingSamples), seconds: Number(head.meta.seconds), threadHeapMb: 0, processMaxRssMb: 0, resumed: true, attempt: ctx.info.attempt };
      }
      ctx.heartbeat({ phase: 'materialise', restartedFrom: previous?.phase ?? null });
      const { samples, version } = await materializeDataset(db, input.datasetVersion);
      if (version.contentHash !== input.contentHash) throw permanentFailure('IntegrityMismatch', `dataset version ${input.datasetVersion} changed hash`);
      const trained = await trainInThread(samples, input, {
        signal: ctx.cancellationSignal,
        onTick: (elapsedMs) => ctx.heartbeat({ phase: 'train', elapsedMs }),
      });
      ctx.heartbeat({ phase: 'store' });
      const bytes = Buffer.from(trained.json, 'utf8');
      const stored = await objects.put(key, bytes, { complete: 'true', trainingSamples: String(trained.trainingSamples), seconds: String(trained.seconds), datasetHash: input.contentHash });
      const result = { artifactKey: key, sha256: stored.sha256, size: stored.size, trainingSamples: trained.trainingSamples, seconds: trained.seconds, threadHeapMb: trained.threadHeapMb, processMaxRssMb: trained.processMaxRssMb, resumed: false, attempt: ctx.info.attempt };
      await recordRetrainingStep(db, input.runId, 'train', { modelId: input.modelId, detail: result });
      return result;
    },

    /** Validates the candidate, and stores the gate report (Markdown and HTML) under its model id. */
    async validateCandidateModel(input: { runId: string; datasetVersion: number; artifactKey: string; sha256: string; gates: GateThresholds; modelId?: string }): Promise<Validation> {
      const result = await validateModel(db, store(deps), input);
      const workflowId = Context.current().info.workflowExecution?.workflowId ?? input.runId;
      // Histories from before reports carry no modelId; the artifact key names the model.
      const modelId = input.modelId ?? input.artifactKey.replace(/^.*\/|\.json$/g, '');
      const report = gateReport({ modelId, at: new Date().toISOString(), workflowId, datasetVersion: input.datasetVersion, productionModel: result.productionModel, passed: result.passed, reasons: result.reasons, checks: result.checks, candidate: result.candidate, production: result.production });
      const reportId = await saveModelReport(db, report, { workflowId, dedupKey: `${input.runId}:gates` });
      await recordRetrainingStep(db, input.runId, 'validate', { gates: result.checks as never, metrics: { candidate: result.candidate, production: result.production, productionModel: result.productionModel }, detail: { reportId } });
      return result;
    },

    async registerCandidateModel(input: RunRef & { snapshot: Snapshot; trained: TrainedCandidate; validation: Validation }): Promise<{ modelId: string; created: boolean }> {
      const { snapshot: s, trained: t, validation: v } = input;
      const { model, created } = await registerModel(db, {
        id: s.modelId,
        kind: 'payload-classifier',
        datasetVersion: s.datasetVersion,
        datasetHash: s.contentHash,
        codeVersion: codeVersion(),
        artifactKey: t.artifactKey,
        artifactSha256: t.sha256,
        metrics: { holdout: v.candidate, production: v.production, productionModel: v.productionModel },
        gates: v.checks as never,
        training: { seconds: t.seconds, trainingSamples: t.trainingSamples, threadHeapMb: t.threadHeapMb, attempt: t.attempt, resumed: t.resumed },
        workflowId: input.workflowId,
      });
      await recordRetrainingStep(db, input.runId, 'register', { modelId: model.id, detail: { created } });
      return { modelId: model.id, created };
    },

    /** Compensation of the training step: the artifact goes unless a registered model names it. */
    async discardCandidateArtifact(input: { modelId: string }): Promise<string | false> {
      if (await getModel(db, input.modelId)) return false;
      const key = artifactKey(input.modelId);
      if (!(await store(deps).head(key))) return false;
      await store(deps).delete(key);
      return `deleted ${key}`;
    },

    /** Compensation of registration: the model stays on record, retired, never served. */
    async retireCandidateModel(input: { modelId: string }): Promise<string | false> {
      const m = await getModel(db, input.modelId);
      if (!m || m.status !== 'registered') return false;
      await setModelStatus(db, input.modelId, 'retired');
      return `retired ${input.modelId}`;
    },

    async closeRetrainingRecord(input: { runId: string; outcome: RetrainingOutcome; reasons: string[]; modelId?: string; compensations?: unknown }): Promise<void> {
      await recordRetrainingStep(db, input.runId, input.outcome, { outcome: input.outcome, reasons: input.reasons, ...(input.modelId && { modelId: input.modelId }), detail: input.compensations });
    },
  };
}

export type RetrainingActivities = ReturnType<typeof createRetrainingActivities>;
