// `bulwark train | classify | eval`: the payload classifier from the command line. Wired into
// cli/bulwark.ts by the caller; each returns an exit code instead of exiting.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify } from '../domain/threat/detection/classifier';
import { parseLabelled } from '../domain/threat/detection/labelled';
import { evaluate, formatReport } from '../domain/threat/detection/metrics';
import { loadModel, ModelLoadError } from '../domain/threat/detection/model-io';
import { runTraining } from '../domain/threat/detection/pipeline';
import type { PayloadModel } from '../domain/threat/detection/model';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DETECTION_USAGE = `  train [--data DIR] [--out DIR] [--seed N]
                        train the payload classifier (default data ../shared/data/payloads)
  classify [--model FILE]
                        JSON lines {"payload": ...} on stdin → {class, confidence, scores} (as predict-payload) per line
  eval FILE [--model FILE]
                        per-class precision/recall/F1 and confusion matrix for a labelled CSV or JSONL
`;

interface Writable {
  write(chunk: string): unknown;
}

/** --name value pairs plus positionals; unknown flags are errors, not silently ignored. */
function parseArgs(args: string[], known: string[]): { flags: Record<string, string>; positional: string[] } | string {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) positional.push(a);
    else {
      const name = a.slice(2);
      if (!known.includes(name)) return `unknown option ${a}`;
      if (args[i + 1] === undefined) return `option ${a} needs a value`;
      flags[name] = args[++i];
    }
  }
  return { flags, positional };
}

function fail(message: string, code = 2): number {
  process.stderr.write(`bulwark: ${message}\n`);
  return code;
}

function modelFrom(flag: string | undefined): PayloadModel {
  return flag ? loadModel({ file: resolve(flag) }) : loadModel();
}

export async function runTrainCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['data', 'out', 'seed']);
  if (typeof parsed === 'string') return fail(parsed);
  const seed = Number(parsed.flags.seed ?? '1');
  if (!Number.isInteger(seed)) return fail('--seed must be an integer');
  const dataDir = resolve(parsed.flags.data ?? resolve(REPO_ROOT, '../shared/data/payloads'));
  const outDir = resolve(parsed.flags.out ?? resolve(REPO_ROOT, 'models/payload-classifier'));
  let run;
  try {
    run = runTraining({ dataDir, benignDir: resolve(REPO_ROOT, 'data/benign'), outDir, seed });
  } catch (err) {
    return fail(`training failed: ${err instanceof Error ? err.message : String(err)}`, 1);
  }
  const { corpus, seconds } = run;
  const out = process.stdout;
  out.write(`model ${run.model.version} → ${run.file}\n`);
  out.write(`split (seed ${corpus.split.seed}, holdout ${corpus.split.holdoutFraction * 100}% by hash of normalised text):\n`);
  out.write(`  train   ${JSON.stringify(corpus.split.train)}\n  holdout ${JSON.stringify(corpus.split.holdout)}\n`);
  out.write(`  duplicates ${corpus.duplicates}, label conflicts dropped ${corpus.conflictingLabels}, non-payload lines skipped ${corpus.skippedLines}\n`);
  out.write(`time: load ${seconds.load}s, train ${seconds.train}s, evaluate ${seconds.evaluate}s\n\nholdout:\n`);
  out.write(formatReport(run.holdout));
  return 0;
}

async function* lines(stdin: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of stdin) {
    rest += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, nl).replace(/\r$/, '');
      rest = rest.slice(nl + 1);
    }
  }
  if (rest !== '') yield rest.replace(/\r$/, '');
}

/** One output line per input line, in order; a bad line gets an error line and exit code 1. */
export async function runClassifyCommand(args: string[], stdin: AsyncIterable<string | Buffer>, stdout: Writable): Promise<number> {
  const parsed = parseArgs(args, ['model']);
  if (typeof parsed === 'string') return fail(parsed);
  let model: PayloadModel;
  try {
    model = modelFrom(parsed.flags.model);
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err), 1);
  }
  let lineNo = 0;
  let bad = 0;
  for await (const line of lines(stdin)) {
    lineNo++;
    let payload: unknown;
    try {
      payload = (JSON.parse(line) as { payload?: unknown } | null)?.payload;
    } catch {
      payload = undefined;
    }
    if (typeof payload !== 'string') {
      bad++;
      stdout.write(JSON.stringify({ line: lineNo, error: 'expected a JSON object with a string field "payload"' }) + '\n');
      continue;
    }
    const p = classify(model, payload);
    stdout.write(JSON.stringify({ class: p.label, confidence: p.confidence, scores: p.scores }) + '\n');
  }
  if (bad > 0) process.stderr.write(`bulwark: ${bad} of ${lineNo} input lines were not valid\n`);
  return bad > 0 ? 1 : 0;
}

export async function runEvalCommand(args: string[], stdout: Writable = process.stdout): Promise<number> {
  const parsed = parseArgs(args, ['model']);
  if (typeof parsed === 'string') return fail(parsed);
  const [file] = parsed.positional;
  if (!file) return fail('usage: bulwark eval FILE [--model FILE]');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(err)}`, 1);
  }
  let model: PayloadModel;
  try {
    model = modelFrom(parsed.flags.model);
  } catch (err) {
    return fail(err instanceof ModelLoadError ? err.message : String(err), 1);
  }
  const { rows, errors } = parseLabelled(file, text);
  for (const e of errors.slice(0, 10)) process.stderr.write(`bulwark: ${file}:${e.line}: ${e.error}\n`);
  if (rows.length === 0) return fail(`${file}: no labelled rows found`, 1);
  const report = evaluate(rows.map((r) => ({ actual: r.label, predicted: classify(model, r.payload).label })));
  stdout.write(`model ${model.version}  file ${file}  (${errors.length} unusable rows skipped)\n`);
  stdout.write(formatReport(report));
  return 0;
}
