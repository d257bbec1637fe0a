// Result tables in psql's aligned layout: ` a | b `, a dashed rule, `(n rows)`; numbers
// right-aligned, NULL as an empty cell.

export interface Column {
  name: string;
  /** The column's type OID (numbers are right-aligned). */
  type: number;
}

const NUMERIC_OIDS = new Set([20, 21, 23, 26, 700, 701, 1700]); // int8 int2 int4 oid float4 float8 numeric

/** `rows` hold text values (Postgres' text format) or null; returns the table with a trailing newline. */
export function formatTable(columns: Column[], rows: (string | null)[][]): string {
  const widths = columns.map((c, i) => Math.max(c.name.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number, right: boolean) => (right ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const line = (cells: string[]) => ` ${cells.join(' | ')}`.trimEnd();
  const header = line(columns.map((c, i) => {
    const pad = widths[i]! - c.name.length;
    return ' '.repeat(Math.floor(pad / 2)) + c.name + ' '.repeat(pad - Math.floor(pad / 2));
  }));
  const rule = widths.map((w) => '-'.repeat(w + 2)).join('+');
  const body = rows.map((r) => line(r.map((v, i) => cell(v ?? '', i, NUMERIC_OIDS.has(columns[i]!.type)))));
  const count = `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`;
  return [header, rule, ...body, count].join('\n') + '\n';
}
