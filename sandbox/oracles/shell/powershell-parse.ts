// PowerShell's syntax via tree-sitter-powershell (airbus-cert's grammar, compiled to wasm and
// shipped in the npm package) on web-tree-sitter: one parser per sandbox, loaded on first use.
// PowerShell parses a whole -Command text before it runs any of it, so a text the grammar
// rejects runs nothing.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { Language, Parser, type Node } from 'web-tree-sitter';

export type { Node } from 'web-tree-sitter';

let parser: Promise<Parser> | undefined;

function load(): Promise<Parser> {
  parser ??= (async () => {
    const wasm = createRequire(import.meta.url).resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
    // Compiled for V8's baseline tier only. tree-sitter's lexer is one huge function; once it is
    // hot, V8 re-compiles it with TurboFan in the background (~1 min on a loaded machine), and a
    // worker cannot exit until that job ends, so every sandbox that parsed PowerShell took a
    // minute to be destroyed. The flag is process-wide and read when a module is compiled, so
    // it is set only around these two compilations (a parse costs well under 1 ms either way).
    setFlagsFromString('--liftoff-only');
    let language: Language;
    try {
      await Parser.init();
      language = await Language.load(wasm);
    } finally {
      setFlagsFromString('--no-liftoff-only');
    }
    const p = new Parser();
    p.setLanguage(language);
    return p;
  })();
  return parser;
}

/**
 * Parses `text` and hands its root to `read` (the tree is freed afterwards, so `read` must not
 * keep nodes); `error` names the first node the grammar could not place.
 */
export async function withPowerShellTree<T>(text: string, read: (root: Node) => T): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  const tree = (await load()).parse(text);
  if (!tree) return { ok: false, error: 'parser gave no tree' };
  try {
    const root = tree.rootNode;
    if (!root.hasError) return { ok: true, value: read(root) };
    const missing = findMissing(root);
    const bad = root.descendantsOfType(['ERROR'])[0];
    return { ok: false, error: missing ? `missing ${missing.type} at ${missing.startIndex}` : bad ? `unexpected ${JSON.stringify(bad.text.slice(0, 20))} at ${bad.startIndex}` : 'syntax error' };
  } finally {
    tree.delete();
  }
}

function findMissing(n: Node): Node | undefined {
  if (n.isMissing) return n;
  for (const c of n.children) {
    if (!c) continue;
    const m = c.hasError || c.isMissing ? findMissing(c) : undefined;
    if (m) return m;
  }
  return undefined;
}
