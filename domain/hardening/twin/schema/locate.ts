// Where a field sits in the YAML text, so a spec error can name its line: the
// `yaml` package keeps source ranges on every node and LineCounter turns an offset
// into a line and column.
import { isCollection, type Document, type LineCounter, type Node } from 'yaml';

/** `assets[3].roles[0]` -> ['assets', 3, 'roles', 0]. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/**
 * 1-based line and column of the deepest node on `path` that exists in the document
 * (a missing field points at the object that should hold it); undefined for an empty path
 * or a document without source ranges.
 */
export function locate(doc: Document, lc: LineCounter, path: string): { line: number; col: number } | undefined {
  const segs = pathSegments(path);
  let node: unknown = doc.contents;
  let found: Node | undefined;
  for (const seg of segs) {
    if (!isCollection(node)) break;
    const next: unknown = node.get(seg, true);
    if (next === undefined) break;
    // Point at the key of a mapping entry (where the field is written), else at the item.
    const pair = 'items' in node ? (node.items as { key?: { value?: unknown; range?: [number, number, number] } }[]).find((p) => p?.key && (p.key as { value?: unknown }).value === seg) : undefined;
    found = (pair?.key as Node | undefined) ?? (next as Node);
    node = next;
  }
  const offset = found?.range?.[0] ?? (segs.length === 0 ? undefined : (doc.contents as Node | null)?.range?.[0]);
  return offset === undefined ? undefined : lc.linePos(offset);
}
