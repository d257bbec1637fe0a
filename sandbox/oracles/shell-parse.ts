// mvdan/sh (sh-syntax, TinyGo wasm) as one long-lived instance. The package's own processor
// instantiates the module and boots the Go runtime on every call (~3 ms); calling `process` on
// one instance again and again is 50x cheaper but not safe on its own: TinyGo's collector does
// not see the stack of a call made from JS after `main` returned, so once garbage builds up a
// collection frees live objects and later calls crash or return garbage (seen after ~900
// parses). So the instance's linear memory is snapshotted right after boot and put back before
// every call: each parse starts from a fresh heap (no collection ever runs), for the price of a
// 10 MB copy (~0.3 ms). A trap (a Go panic) or a call that had to grow the memory discards the
// instance; the next call builds a new one.
//
// The JSON it returns keeps statements, redirections, comments and word *parts* (with
// positions) but not node types, so the oracle reads types from the source at each part's
// position — the boundaries themselves come from the parser.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import 'sh-syntax'; // installs the TinyGo runtime shim (globalThis.Go) the module needs
import type { File, Redirect, Stmt, Word } from 'sh-syntax';

// tsconfig's lib has no DOM, so WebAssembly's value side is typed locally.
interface WasmExports {
  memory: { buffer: ArrayBuffer };
  wasmAlloc(size: number): number;
  wasmFree(ptr: number): void;
  process(...args: (number | boolean)[]): number;
}
type WasmModule = object;
const Wasm = (globalThis as unknown as {
  WebAssembly: { Module: new (b: Uint8Array) => WasmModule; Instance: new (m: WasmModule, i: object) => { exports: WasmExports } };
}).WebAssembly;
const GoRuntime = (globalThis as unknown as { Go: new () => { importObject: object; run(i: object): Promise<unknown> } }).Go;

const LANG_BASH = 1;
let compiled: WasmModule | undefined;
let live: { ex: WasmExports; snapshot: Uint8Array } | undefined;
const stats = { boots: 0, parses: 0 };

/** How many instances were booted and parses run in this thread (the reuse is what keeps the oracle fast). */
export function parserStats(): Readonly<typeof stats> {
  return { ...stats };
}

function boot(): { ex: WasmExports; snapshot: Uint8Array } {
  compiled ??= new Wasm.Module(readFileSync(createRequire(import.meta.url).resolve('sh-syntax/main.wasm')));
  stats.boots++;
  const go = new GoRuntime();
  const instance = new Wasm.Instance(compiled, go.importObject);
  void go.run(instance);
  return { ex: instance.exports, snapshot: new Uint8Array(instance.exports.memory.buffer).slice() };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function processOnce(text: string, keepComments: boolean): string {
  live ??= boot();
  stats.parses++;
  const { ex, snapshot } = live;
  const mem = () => new Uint8Array(ex.memory.buffer);
  mem().set(snapshot);
  const bytes = encoder.encode(text);
  const textPtr = ex.wasmAlloc(bytes.byteLength);
  mem().set(bytes, textPtr);
  const emptyPtr = ex.wasmAlloc(0);
  // Argument order of sh-syntax's `process` export (see its processor.js): file path, text,
  // print, keepComments, variant, stopAt, recoverErrors, then printer options (unused here).
  const result = ex.process(emptyPtr, 0, 0, textPtr, bytes.byteLength, bytes.byteLength, false, keepComments, LANG_BASH, emptyPtr, 0, 0, 0, false, 2, true, true, true, false, false, false, false);
  const out = mem().subarray(result);
  const json = decoder.decode(out.subarray(0, out.indexOf(0)));
  // A big input grew the memory: the snapshot no longer describes the whole heap, so the next
  // call boots a fresh instance (this call's result is complete and valid).
  if (ex.memory.buffer.byteLength !== snapshot.byteLength) live = undefined;
  return json;
}

export type ShParse = { ok: true; file: File } | { ok: false; error: string };

export function parseSh(text: string, keepComments = true): ShParse {
  let raw: string;
  try {
    raw = processOnce(text, keepComments);
  } catch (e) {
    live = undefined; // the instance trapped: its stack pointer and heap are no longer trustworthy
    return { ok: false, error: `parser trapped: ${(e as Error).message}` };
  }
  if (!raw.startsWith('{"')) return { ok: false, error: raw };
  const r = JSON.parse(raw) as { file: File; parseError?: { Text: string } | null; message?: string };
  if (r.parseError || r.message) return { ok: false, error: r.message || r.parseError?.Text || 'parse error' };
  return { ok: true, file: r.file };
}

export type { File, Redirect, Stmt, Word };
