// Validation of a candidate against production, shared by the workflow's activity and the
// promotion route (which re-checks the gates): the holdout split of its dataset version, the
// analysts' false-positive reports in it, and the committed regression set of past misses.
import type { Db } from '../../db/client';
import { checkGates, detectionMetrics, type GateThresholds } from '../../domain/threat/datasets/gates';
import { payloadSamples, predictAll } from '../../domain/threat/datasets/train-version';
import type { Label, PayloadModel } from '../../domain/threat/detection/model';
import { defaultModel, fromArtifact } from '../../domain/threat/detection/model-io';
import { sha256Hex, type ObjectStore } from '../../objects/store';
import { productionModel } from '../../repo/datasets/models';
import { materializeDataset } from '../../repo/datasets/samples';
import { permanentFailure } from '../failures';
import { regressionSet } from './regression-set';
import type { Validation } from './types';

export async function loadArtifact(objects: ObjectStore, key: string, sha256: string): Promise<PayloadModel> {
  const bytes = await objects.get(key);
  if (sha256Hex(bytes) !== sha256) throw permanentFailure('IntegrityMismatch', `artifact ${key} does not match its SHA-256 ${sha256}`);
  return fromArtifact(JSON.parse(Buffer.from(bytes).toString('utf8')));
}

/**
 * The candidate's metrics and gate decision against the production model (the registry's, else
 * the committed one). `excludeProductionId`: when re-checking the production model itself.
 */
export async function validateModel(
  db: Db,
  objects: ObjectStore,
  input: { datasetVersion: number; artifactKey: string; sha256: string; gates: GateThresholds },
): Promise<Validation> {
  const candidate = await loadArtifact(objects, input.artifactKey, input.sha256);
  const prodRow = await productionModel(db);
  const production = prodRow ? await loadArtifact(objects, prodRow.artifactKey, prodRow.artifactSha256) : defaultModel();
  const { samples } = await materializeDataset(db, input.datasetVersion);
  const holdout = payloadSamples(samples, 'holdout');
  const judge = (m: PayloadModel, set: { payload: string; label: Label }[]) =>
    predictAll(m, set.map((s) => s.payload)).map((predicted, i) => ({ actual: set[i].label, predicted }));
  const cand = detectionMetrics(judge(candidate, holdout));
  const prod = detectionMetrics(judge(production, holdout));
  const fps = payloadSamples(samples).filter((s) => s.source.startsWith('false_positive'));
  const flagged = (m: PayloadModel) => predictAll(m, fps.map((s) => s.payload)).filter((p) => p !== 'benign').length;
  const past = regressionSet();
  const missed = (m: PayloadModel) => judge(m, past).filter((o) => o.predicted !== o.actual).length;
  const decision = checkGates(
    cand,
    input.gates,
    { candidate: flagged(candidate), production: flagged(production), total: fps.length },
    { candidate: missed(candidate), production: missed(production), total: past.length },
  );
  return { candidate: cand, production: prod, productionModel: production.version, thresholds: input.gates, ...decision };
}
