// `bulwark dataset import FILE [--source NAME] [--confidence X] [--reviewer WHO]`: labelled CSV
// or JSONL into the dataset (append-only samples). One malformed row refuses the whole file,
// each error with its line number; a file reserved for independent evaluation is refused.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../config/config';
import type { Db } from '../../db/client';
import { identityProblem, canonicalIdentity } from '../../domain/identity';
import { parseImportFile, reservedFileProblem } from '../../domain/threat/datasets/import-file';
import { addSamples, type NewSample } from '../../repo/datasets/samples';
import { openCliDatabase } from '../open-database';

export const DATASET_USAGE = `  dataset import FILE [--source NAME] [--confidence 0..1] [--reviewer WHO]
                        import labelled samples (CSV with payload + label/attack_type, or JSONL);
                        a malformed row refuses the file (line numbers given), nothing imported
`;

type Out = { write(s: string): unknown };

export interface ImportOptions {
  source?: string;
  confidence?: number;
  reviewer?: string;
}

/** Parses and stores FILE; returns the exit code (0 imported, 1 refused). Nothing is written on refusal. */
export async function importDatasetFile(db: Db, file: string, opts: ImportOptions, out: Out, err: Out): Promise<number> {
  const reserved = reservedFileProblem(resolve(file));
  if (reserved) {
    err.write(`bulwark: ${file}: refused: ${reserved}\n`);
    return 1;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    err.write(`bulwark: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(e)}\n`);
    return 1;
  }
  const { rows, errors } = parseImportFile(file, text);
  if (errors.length > 0) {
    for (const e of errors.slice(0, 20)) err.write(`bulwark: ${file}:${e.line}: ${e.error}\n`);
    if (errors.length > 20) err.write(`bulwark: … and ${errors.length - 20} more\n`);
    err.write(`bulwark: ${file}: ${errors.length} malformed row(s); nothing imported\n`);
    return 1;
  }
  const samples: NewSample[] = rows.map((r) => ({
    sampleType: r.sampleType,
    data: r.data,
    label: r.label,
    source: r.source ?? opts.source ?? `import:${basename(file)}`,
    confidence: r.confidence ?? opts.confidence,
    reviewer: r.reviewer ?? opts.reviewer ?? null,
    split: r.split,
  }));
  const ids = await addSamples(db, samples);
  const byLabel: Record<string, number> = {};
  for (const r of rows) byLabel[r.label] = (byLabel[r.label] ?? 0) + 1;
  out.write(`imported ${ids.length} samples from ${file} (ids ${ids[0]}..${ids.at(-1)}): ${JSON.stringify(byLabel)}\n`);
  return 0;
}

export async function runDatasetCommand(config: Config, args: string[], out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  const [sub, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { source: { type: 'string' }, confidence: { type: 'string' }, reviewer: { type: 'string' } } });
  } catch (e) {
    err.write(`bulwark: ${(e as Error).message}\n`);
    return 2;
  }
  const [file, extra] = parsed.positionals;
  if (sub !== 'import' || !file || extra !== undefined) {
    err.write(`usage: bulwark ${DATASET_USAGE.trimStart()}`);
    return 2;
  }
  const { source, confidence, reviewer } = parsed.values;
  const conf = confidence === undefined ? undefined : Number(confidence);
  if (conf !== undefined && !(conf >= 0 && conf <= 1)) {
    err.write('bulwark: --confidence must be a number in 0..1\n');
    return 2;
  }
  if (reviewer !== undefined && identityProblem(reviewer)) {
    err.write(`bulwark: --reviewer ${identityProblem(reviewer)}\n`);
    return 2;
  }
  const db = await openCliDatabase(config);
  try {
    return await importDatasetFile(db.db, file, { source, confidence: conf, reviewer: reviewer && canonicalIdentity(reviewer) }, out, err);
  } finally {
    await db.close();
  }
}
