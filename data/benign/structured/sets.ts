// The structured benign sets: each kind once for training and once, with other templates and
// the other vocabulary half, for the held-out evaluation. The file stem names the evaluation
// slice (`params-search`, `prose-shell`, ...); `params-*` are held to the parameter target,
// `prose-*` to the prose target.
import { generate, type Half, type Template } from './gen';
import { ADDRESS, NAMES, PRODUCT, SEARCH, SQL_WORD } from './queries';
import { SHELL_PROSE, TOKENS, URL_JSON } from './tokens';

export interface StructuredSet {
  id: string;
  file: string;
  about: string;
  split: Half;
  group: 'params' | 'prose';
  count: number;
  generate(): string[];
}

interface Kind { id: string; file: string; about: string; group: 'params' | 'prose'; templates: { train: Template[]; eval: Template[] }; count: number }

const KINDS: Kind[] = [
  { id: 'search', file: 'queries.ts', about: 'search queries with operators', group: 'params', templates: SEARCH, count: 800 },
  { id: 'product', file: 'queries.ts', about: 'upper-case product searches with inch marks', group: 'params', templates: PRODUCT, count: 800 },
  { id: 'sqlword-title', file: 'queries.ts', about: 'titles: SQL function name + parenthesised qualifier', group: 'params', templates: SQL_WORD, count: 300 },
  { id: 'names', file: 'queries.ts', about: 'names and job titles', group: 'params', templates: NAMES, count: 600 },
  { id: 'address', file: 'queries.ts', about: 'postal addresses', group: 'params', templates: ADDRESS, count: 600 },
  { id: 'tokens', file: 'tokens.ts', about: 'JSON, URLs, base64, JWTs, hashes', group: 'params', templates: TOKENS, count: 900 },
  { id: 'url-json', file: 'tokens.ts', about: 'URLs whose fragment or parameter holds JSON', group: 'params', templates: URL_JSON, count: 400 },
  { id: 'shell', file: 'tokens.ts', about: 'prose quoting shell commands inline', group: 'prose', templates: SHELL_PROSE, count: 600 },
];

export const STRUCTURED: readonly StructuredSet[] = KINDS.flatMap((k) =>
  (['train', 'eval'] as const).map((split) => ({
    id: `gen-${k.id}`,
    file: k.file,
    about: k.about,
    split,
    group: k.group,
    // Generate more than needed: duplicates are dropped before the count is taken.
    count: split === 'train' ? k.count : Math.round(k.count / 2),
    generate: () => generate(k.id, split, k.templates[split], k.count * 3),
  })),
);
