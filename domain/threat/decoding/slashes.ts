// Look-alike slashes: characters that NFKC leaves alone but that servers turn into a path
// separator (Windows' best-fit mapping to the ANSI code page, IIS). One table for the
// classifier's normaliser and the path oracle, so both read `%u2215` as `/`.

/** U+2215 DIVISION SLASH, U+2044 FRACTION SLASH, U+29F8 BIG SOLIDUS → `/`; U+2216, U+29F5, U+29F9 → `\`. */
export const LOOKALIKE_SLASHES = /[\u2215\u2044\u29f8]|[\u2216\u29f5\u29f9]/g;

const fold = (c: string) => (c === '\u2215' || c === '\u2044' || c === '\u29f8' ? '/' : '\\');

/** Folds look-alike slashes onto `/` and `\` (after NFKC, which already folds U+FF0F ／ and U+FF3C ＼). */
export function foldSlashes(s: string): string {
  return s.normalize('NFKC').replace(LOOKALIKE_SLASHES, fold);
}
