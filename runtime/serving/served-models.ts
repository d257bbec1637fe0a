// Which models serve, loaded: the registry's production model (else the committed one) and the
// canary candidate with its percentage, re-read every `refreshMs`. Artifacts are fetched from the
// object store and checked against their SHA-256 once per model id, then kept in memory.
import type { Db } from '../../db/client';
import type { PayloadModel } from '../../domain/threat/detection/model';
import { fromArtifact } from '../../domain/threat/detection/model-io';
import { sha256Hex, type ObjectStore } from '../../objects/store';
import type { ModelRecord } from '../../repo/datasets/models';
import { servingModels } from '../../repo/models/serving-split';

export type ServedStage = 'production' | 'canary' | 'committed';

/** One model as served: `id` is the registry id, or the committed model's version. */
export interface ServedModel {
  id: string;
  version: string;
  stage: ServedStage;
  artifactSha256: string | null;
  model: PayloadModel;
}

/** The resolved split; `candidate` only when its artifact loaded. */
export interface ServingSnapshot {
  production: ServedModel;
  candidate?: ServedModel;
  /** Share of traffic for the candidate, 0..100 (0 without a candidate). */
  canaryPercent: number;
  /** ms since the epoch of the last successful registry read (0: never read, committed model). */
  refreshedAt: number;
  /** Why the registry or an artifact could not be read (the previous or committed model serves). */
  errors: string[];
}

export interface ServedModelsOptions {
  db?: Db;
  objects?: ObjectStore;
  /** The committed model (serves when the registry has no production model or no db is given). */
  committed: () => PayloadModel;
  refreshMs: number;
  now?: () => number;
}

export class ServedModels {
  private readonly artifacts = new Map<string, Promise<PayloadModel>>();
  private snapshot?: ServingSnapshot;
  private pending?: Promise<ServingSnapshot>;
  private checkedAt = -Infinity;
  private readonly now: () => number;

  constructor(private readonly opts: ServedModelsOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The current split; re-reads the registry when older than refreshMs (one read at a time). */
  current(): ServingSnapshot | Promise<ServingSnapshot> {
    if (this.snapshot && this.now() - this.checkedAt < this.opts.refreshMs) return this.snapshot;
    return (this.pending ??= this.refresh().finally(() => (this.pending = undefined)));
  }

  /** The last snapshot without refreshing (health), or undefined before the first request. */
  peek(): ServingSnapshot | undefined {
    return this.snapshot;
  }

  private committed(): ServedModel {
    const model = this.opts.committed();
    return { id: model.version, version: model.version, stage: 'committed', artifactSha256: null, model };
  }

  private async refresh(): Promise<ServingSnapshot> {
    this.checkedAt = this.now();
    const { db } = this.opts;
    if (!db) return (this.snapshot = { production: this.committed(), canaryPercent: 0, refreshedAt: 0, errors: [] });
    const errors: string[] = [];
    let rows: Awaited<ReturnType<typeof servingModels>>;
    try {
      rows = await servingModels(db);
    } catch (err) {
      // Keep serving what we had: a database blip must not change which model answers.
      errors.push(`registry: ${message(err)}`);
      this.snapshot = this.snapshot ? { ...this.snapshot, errors } : { production: this.committed(), canaryPercent: 0, refreshedAt: 0, errors };
      return this.snapshot;
    }
    const load = async (row: ModelRecord | undefined, stage: 'production' | 'canary'): Promise<ServedModel | undefined> => {
      if (!row) return undefined;
      try {
        const model = await this.artifact(row);
        return { id: row.id, version: model.version, stage, artifactSha256: row.artifactSha256, model };
      } catch (err) {
        errors.push(`${stage} ${row.id}: ${message(err)}`);
        return undefined;
      }
    };
    const [production, candidate] = await Promise.all([load(rows.production, 'production'), load(rows.candidate, 'canary')]);
    this.snapshot = {
      production: production ?? this.committed(),
      ...(candidate && { candidate }),
      canaryPercent: candidate ? rows.canaryPercent : 0,
      refreshedAt: this.now(),
      errors,
    };
    // Models no longer serving are dropped (a daily retraining would otherwise pile them up).
    for (const id of this.artifacts.keys()) if (id !== production?.id && id !== candidate?.id) this.artifacts.delete(id);
    return this.snapshot;
  }

  private artifact(row: ModelRecord): Promise<PayloadModel> {
    let p = this.artifacts.get(row.id);
    if (!p) {
      const objects = this.opts.objects;
      p = (async () => {
        if (!objects) throw new Error('no object store configured');
        const bytes = await objects.get(row.artifactKey);
        if (sha256Hex(bytes) !== row.artifactSha256) throw new Error(`artifact ${row.artifactKey} does not match its SHA-256 ${row.artifactSha256}`);
        return fromArtifact(JSON.parse(Buffer.from(bytes).toString('utf8')));
      })();
      this.artifacts.set(row.id, p);
      // A failed load is retried at the next refresh, not cached.
      p.catch(() => this.artifacts.delete(row.id));
    }
    return p;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
