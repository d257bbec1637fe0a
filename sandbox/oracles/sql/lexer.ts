// The lexical rules of each SQL dialect, as its manual states them, for what node-sql-parser's
// grammars leave out or get wrong: which comment forms exist (`#` only in MySQL/MariaDB; `-- `
// needs a following space or control character there, not in T-SQL or SQLite; T-SQL nests
// `/* */`; SQLite lets `/*` run to the end), MySQL's executable `/*!50000 … */` comments (the
// server runs their text), how strings escape (backslash only in MySQL), and which quotes
// delimit identifiers (backticks, `[brackets]`). The output is the statement as the server
// reads it: comments blanked, versioned comments inlined, so the dialect grammar never has to
// know about comments, plus where each comment and top-level `;` is.

export type Dialect = 'mysql' | 'mariadb' | 'mssql' | 'sqlite';

export interface SqlComment {
  text: string;
  start: number;
  end: number;
}

export type Lexed =
  | {
      ok: true;
      code: string;
      comments: SqlComment[];
      versioned: string[];
      statements: string[];
      /** Offsets in the input of each `(` and `)` read as code (not in a string, identifier or comment), versioned comments' own excluded. */
      parens: number[];
      /** Deepest parenthesis nesting, versioned comments' included. */
      depth: number;
      /** Whether a versioned comment holds parentheses (then `parens` does not tell the whole nesting). */
      versionedParens: boolean;
    }
  | { ok: false; error: string };

const isMy = (d: Dialect) => d === 'mysql' || d === 'mariadb';

/** Index after a quoted run starting at `i` (the opening quote), or -1 when it never closes. */
function quoted(s: string, i: number, close: string, backslash: boolean): number {
  for (let j = i + 1; j < s.length; j++) {
    if (backslash && s[j] === '\\') j++;
    else if (s[j] === close) {
      if (s[j + 1] === close) j++;
      else return j + 1;
    }
  }
  return -1;
}

/** End of a block comment starting at `i` ("/*"); T-SQL nests them, SQLite lets them run to the end. */
function blockEnd(s: string, i: number, d: Dialect): number {
  let depth = 1;
  for (let j = i + 2; j < s.length; j++) {
    if (d === 'mssql' && s.startsWith('/*', j)) {
      depth++;
      j++;
    } else if (s.startsWith('*/', j)) {
      if (--depth === 0) return j + 2;
      j++;
    }
  }
  return d === 'sqlite' ? s.length : -1;
}

/** Splits `sql` the way the dialect's server lexes it; an unterminated string or comment is a syntax error. */
export function lex(sql: string, d: Dialect, depth = 0): Lexed {
  let code = '';
  const comments: SqlComment[] = [];
  const versioned: string[] = [];
  const cuts: number[] = [];
  const parenAt: number[] = [];
  let parens = 0;
  let deepest = 0;
  let versionedParens = false;
  for (let i = 0; i < sql.length; ) {
    const c = sql[i];
    const two = sql.slice(i, 2 + i);
    if (c === "'" || (c === '"' && isMy(d))) {
      const end = quoted(sql, i, c, isMy(d));
      if (end < 0) return { ok: false, error: `unterminated string literal at ${i}` };
      code += sql.slice(i, end);
      i = end;
    } else if (c === '`' && d !== 'mssql') {
      const end = quoted(sql, i, '`', false);
      if (end < 0) return { ok: false, error: `unterminated identifier at ${i}` };
      code += sql.slice(i, end);
      i = end;
    } else if (c === '[' && (d === 'mssql' || d === 'sqlite')) {
      const end = quoted(sql, i, ']', false);
      if (end < 0) return { ok: false, error: `unterminated [identifier] at ${i}` };
      code += sql.slice(i, end);
      i = end;
    } else if (c === '"') {
      const end = quoted(sql, i, '"', false);
      if (end < 0) return { ok: false, error: `unterminated quoted identifier at ${i}` };
      code += sql.slice(i, end);
      i = end;
    } else if (two === '/*' && isMy(d) && /^\/\*(!|M!)/.test(sql.slice(i, i + 4))) {
      // MySQL runs the text of /*!NNNNN … */ (MariaDB also /*M! … */) as if no comment were there.
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return { ok: false, error: `unterminated versioned comment at ${i}` };
      const body = sql.slice(i, end).replace(/^\/\*M?!\d{0,6}/, '');
      if (depth > 2) return { ok: false, error: 'versioned comments nested too deep' };
      const inner = lex(body, d, depth + 1);
      if (!inner.ok) return inner;
      versioned.push(sql.slice(i, end + 2));
      deepest = Math.max(deepest, parens + inner.depth);
      versionedParens ||= inner.parens.length > 0 || inner.versionedParens;
      code += ` ${inner.code} `;
      i = end + 2;
    } else if (two === '/*') {
      const end = blockEnd(sql, i, d);
      if (end < 0) return { ok: false, error: `unterminated comment at ${i}` };
      comments.push({ text: sql.slice(i, end), start: i, end });
      code += ' ';
      i = end;
    } else if (c === '#' && isMy(d) || (two === '--' && (!isMy(d) || /^--([\s\x00-\x1f]|$)/.test(sql.slice(i, i + 3))))) {
      const nl = sql.indexOf('\n', i);
      const end = nl < 0 ? sql.length : nl;
      comments.push({ text: sql.slice(i, end), start: i, end });
      code += ' ';
      i = end;
    } else {
      if (c === '(') deepest = Math.max(deepest, ++parens);
      else if (c === ')') parens--;
      if (c === '(' || c === ')') parenAt.push(i);
      else if (c === ';' && parens <= 0) cuts.push(code.length);
      code += c;
      i++;
    }
  }
  const statements: string[] = [];
  let from = 0;
  for (const at of [...cuts, code.length]) {
    const piece = code.slice(from, at).trim();
    if (piece) statements.push(piece);
    from = at + 1;
  }
  return { ok: true, code, comments, versioned, statements, parens: parenAt, depth: deepest, versionedParens };
}
