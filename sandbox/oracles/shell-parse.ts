// mvdan/sh (sh-syntax, wasm) with the module compiled once: the package's own `parse`
// recompiles the 2 MB wasm on every call (~10 ms); instantiating a compiled module is cheap.
// The JSON it returns keeps statements, redirections, comments and word *parts* (with
// positions) but not node types, so the oracle reads types from the source at each part's
// position — the boundaries themselves come from the parser.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { getProcessor, type File, type Stmt, type Word, type ShOptions } from 'sh-syntax';

// tsconfig's lib has no DOM, so WebAssembly's value side is typed locally.
type WasmModule = object;
const Wasm = (globalThis as unknown as {
  WebAssembly: { compile(b: Uint8Array): Promise<WasmModule>; instantiate(m: WasmModule, i: object): Promise<object> };
}).WebAssembly;

let compiled: Promise<WasmModule> | undefined;
function wasmModule(): Promise<WasmModule> {
  compiled ??= (async () => {
    const wasmPath = createRequire(import.meta.url).resolve('sh-syntax/main.wasm');
    return Wasm.compile(await readFile(wasmPath));
  })();
  return compiled;
}

// sh-syntax calls getWasm(importObject) and expects a WebAssembly.Instance back.
const processor = getProcessor((async (imports: object) => Wasm.instantiate(await wasmModule(), imports)) as unknown as Parameters<typeof getProcessor>[0]);

export type ShParse = { ok: true; file: File } | { ok: false; error: string };

export async function parseSh(text: string, options: ShOptions = {}): Promise<ShParse> {
  try {
    return { ok: true, file: (await processor(text, { keepComments: true, ...options })) as File };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

export type { File, Stmt, Word };
