// What a structural change is worth once Postgres has run it. The parse tree says the payload
// changed the statement; execution in the canary database says whether that change does
// anything: leaks a row, changes data, sleeps, or runs attacker-written logic. A change that
// Postgres rejects for reasons that hold on *any* schema ("non-integer constant in ORDER BY",
// "argument of AND must be type boolean") runs nothing. One it rejects only because a name is
// missing here (an undefined table, column or function; a UNION of the wrong width) would run
// on a database that has the name — that counts only when the added structure is attack-grade
// (a statement, UNION, sub-query or new predicate), not a word read as a column or function.
import type { Execution } from './sql-canary';

export interface Change {
  identifier: boolean; // the value sits where a column name goes (ORDER BY, quoted identifier)
  statements: boolean; // statements added (stacked queries)
  setop: boolean; // UNION / INTERSECT / EXCEPT
  subquery: boolean; // SubLink, RangeSubselect, extra SelectStmt
  relation: boolean; // reads another table or set-returning function
  predicate: boolean; // new comparison, LIKE/IN/BETWEEN, IS [NOT] NULL/TRUE
  boolBranch: boolean; // new AND/OR/NOT branch (`alert and awake` is one too: counts only if it runs)
  truncated: boolean; // template clauses removed (comment or cut-off tail)
}

/** SQLSTATEs meaning "a name this database lacks", not "this statement is wrong everywhere". */
const MISSING_NAME = new Set(['42P01', '42703', '42883', '3F000', '42704']);
/** out_of_memory, disk_full, configuration_limit_exceeded (temp_file_limit), program_limit_exceeded. */
const RESOURCE_LIMIT = new Set(['53200', '53100', '53400', '54000']);
const UNION_SHAPE = /^(each UNION query must have the same number of columns|UNION types .* cannot be matched)/;

export interface Judgement {
  exploitable: boolean;
  detail: string;
}

/** Attack-grade additions: the payload brings its own query logic, not just an expression. */
function attackGrade(c: Change): string[] {
  const out: string[] = [];
  if (c.statements) out.push('added statement');
  if (c.setop) out.push('UNION/set operation');
  if (c.subquery) out.push('sub-query');
  if (c.relation) out.push('reads another relation');
  // In a sort key a comparison only reorders rows; in a WHERE clause it decides which rows come back.
  if (c.predicate && !c.identifier) out.push('new predicate');
  return out;
}

/** A data-exception message quoting a value the SQL text does not contain was computed by the payload. */
function computedValueInError(run: Execution, sql: string): string | undefined {
  if (!run.errorCode?.startsWith('22') || !run.error) return undefined;
  const m = /: "(.+)"$/.exec(run.error);
  if (!m || sql.toLowerCase().includes(m[1].toLowerCase())) return undefined;
  return m[1];
}

export function judge(c: Change, run: Execution, sql: string, intendedRows: number): Judgement {
  const grade = attackGrade(c);
  if (run.canaryLeaked) return { exploitable: true, detail: run.error ? `canary secret in the error message ("${run.error.slice(0, 120)}")` : 'canary row leaked' };
  if (run.changed) return { exploitable: true, detail: 'data changed (rolled back)' };
  if (run.sleeps.length) return { exploitable: true, detail: `time-based: pg_sleep(${run.sleeps.join(', ')}) requested` };
  if (run.ran) {
    if (run.rows > intendedRows) return { exploitable: true, detail: `executed: returned ${run.rows} rows, the template returns at most ${intendedRows}` };
    // Boolean-blind: the payload's own predicate / tail removal now decides which rows return.
    const logic = c.identifier ? grade : [...grade, ...(c.boolBranch && !c.predicate ? ['boolean branch'] : []), ...(c.truncated ? ['template clause removed'] : [])];
    if (logic.length) return { exploitable: true, detail: `executed: ${run.rows} row(s); attacker-written logic runs (${logic.join(', ')})` };
    return { exploitable: false, detail: `executed: ${run.rows} row(s), nothing leaked or changed; the change is only an expression${c.identifier ? ' in the sort key' : ''}` };
  }
  // The engine refused to allocate or spill more (the oracle host's memory cap, work_mem,
  // temp_file_limit): the payload's own logic ran and sized the work.
  if (RESOURCE_LIMIT.has(run.errorCode ?? '') && grade.length) {
    return { exploitable: true, detail: `attacker-sized computation hit the sandbox's resource limit ("${run.error}", SQLSTATE ${run.errorCode}): the ${grade.join(', ')} ran` };
  }
  const computed = computedValueInError(run, sql);
  if (computed !== undefined && grade.length) {
    return { exploitable: true, detail: `error-based channel: the error message returns a computed value "${computed.slice(0, 60)}" (${run.error})` };
  }
  const missingName = MISSING_NAME.has(run.errorCode ?? '') || UNION_SHAPE.test(run.error ?? '');
  if (missingName && grade.length) {
    return { exploitable: true, detail: `fails here only on a name or shape this schema lacks ("${run.error}"); the ${grade.join(', ')} runs where it exists` };
  }
  const why = missingName ? 'and the change adds no statement, UNION, sub-query or predicate — a word read as a column or function' : 'the statement is invalid on any schema';
  return { exploitable: false, detail: `rejected at execution ("${run.error}"), nothing runs: ${why}` };
}
