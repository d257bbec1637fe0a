// Templates for what people type into forms: search boxes with operators, upper-case product
// searches with inch marks, names and titles, addresses. Each kind has training templates and
// different evaluation templates (see vocab.ts for the vocabulary halves).
import type { Template } from './gen';
import { BRANDS, FIELDS, FIRST, HONORIFICS, JOB_TITLES, LAST, MATERIALS, PLACES, PRODUCTS, SQL_WORD_TITLES, STREETS, TOPICS } from './vocab';

const frac = ['1/2', '3/4', '1/4', '5/8', '3/8', '1-1/2', '2'];

/** Search-engine and query-language syntax: field:"value", -exclusion, Lucene ranges, boolean words. */
export const SEARCH: { train: Template[]; eval: Template[] } = {
  train: [
    (c) => `(${c.w(FIELDS)}:"${c.w(TOPICS).toUpperCase()}")`,
    (c) => `${c.w(FIELDS)}:"${c.w(TOPICS)}" -draft`,
    (c) => `${c.w(TOPICS)} site:${c.pick(['reddit.com', 'stackoverflow.com', 'example.org'])}`,
    (c) => `"${c.w(TOPICS)}" OR "${c.w(TOPICS)}"`,
    (c) => `${c.w(FIELDS)}:[${c.int(1, 50)} TO ${c.int(51, 500)}]`,
    (c) => `${c.w(TOPICS)} -${c.w(TOPICS).split(' ')[0]} filetype:pdf`,
    (c) => `${c.w(FIELDS)}:${c.w(TOPICS).split(' ')[0]}* AND NOT ${c.w(FIELDS)}:archived`,
    (c) => `intitle:"${c.w(TOPICS)}" ${c.int(2019, 2025)}`,
  ],
  eval: [
    (c) => `(${c.w(FIELDS)}:"${c.w(TOPICS)}" OR ${c.w(FIELDS)}:"${c.w(TOPICS)}") AND ${c.w(FIELDS)}:open`,
    (c) => `${c.w(FIELDS)}:{${c.int(1, 9)} TO *} ${c.w(TOPICS)}`,
    (c) => `-${c.w(FIELDS)}:spam "${c.w(TOPICS)}"~${c.int(2, 5)}`,
    (c) => `${c.w(TOPICS)} inurl:${c.w(TOPICS).split(' ')[0]} -inurl:amp`,
    (c) => `${c.w(FIELDS)}:>=${c.int(2000, 2024)}-01-01 ${c.w(FIELDS)}:"${c.w(TOPICS)}"`,
    (c) => `+${c.w(TOPICS).split(' ')[0]} +${c.w(TOPICS).split(' ').pop()} -"${c.w(TOPICS)}"`,
    (c) => `${c.w(FIELDS)}:(${c.w(TOPICS).split(' ')[0]} OR ${c.w(TOPICS).split(' ')[0]})^2`,
    (c) => `${c.w(TOPICS)} before:${c.int(2015, 2025)} after:${c.int(2005, 2014)}`,
  ],
};

/** Upper-case catalogue searches: quotes, inch (") and foot (') marks, AND/OR, x for dimensions. */
export const PRODUCT: { train: Template[]; eval: Template[] } = {
  train: [
    (c) => `"${c.w(PRODUCTS)}" AND ${c.pick(frac)}" ${c.w(PRODUCTS)}`,
    (c) => `${c.pick(frac)}" X ${c.int(2, 12)}' ${c.w(PRODUCTS)}`,
    (c) => `${c.w(MATERIALS)} ${c.w(PRODUCTS)} ${c.int(12, 48)}" OR ${c.int(12, 48)}"`,
    (c) => `${c.w(BRANDS).toUpperCase()} ${c.w(PRODUCTS)} ${c.int(2, 4)}X${c.int(4, 12)}-${c.int(8, 16)}'`,
    (c) => `${c.w(PRODUCTS)} #${c.int(6, 14)} X ${c.pick(frac)}" (${c.int(25, 500)}-PACK)`,
    (c) => `${c.w(BRANDS)} ${c.w(PRODUCTS).toLowerCase()}, ${c.int(10, 120)} W, ${c.int(1, 9)}.${c.int(0, 9)} kg`,
  ],
  eval: [
    (c) => `${c.w(PRODUCTS)} ${c.pick(frac)} IN. X ${c.int(2, 10)} FT. ${c.w(MATERIALS)}`,
    (c) => `"${c.w(MATERIALS)} ${c.w(PRODUCTS)}" OR "${c.w(PRODUCTS)}" ${c.pick(frac)}"`,
    (c) => `${c.int(1, 4)}-${c.pick(frac)}" ${c.w(PRODUCTS)} NOT ${c.w(MATERIALS)}`,
    (c) => `${c.w(PRODUCTS)} ${c.int(4, 24)}"X${c.int(4, 24)}" ${c.w(BRANDS).toUpperCase()}`,
    (c) => `${c.w(BRANDS)} ${c.w(PRODUCTS).toLowerCase()} - ${c.int(50, 900)} ml / ${c.int(2, 30)} oz`,
    (c) => `${c.int(2, 6)}' ${c.w(PRODUCTS)} (${c.w(MATERIALS).toLowerCase()}) & ${c.w(PRODUCTS)}`,
  ],
};

/** Titles whose first word is a SQL function name, followed by a parenthesised qualifier. */
export const SQL_WORD: { train: Template[]; eval: Template[] } = {
  train: [
    (c) => `${c.w(SQL_WORD_TITLES)} (${c.w(BRANDS)})`,
    (c) => `${c.w(SQL_WORD_TITLES)} (${c.int(1990, 2024)})`,
    (c) => `${c.w(SQL_WORD_TITLES)} (${c.w(FIRST)} ${c.w(LAST)} remix)`,
    (c) => `${c.w(SQL_WORD_TITLES)} (${c.pick(['band', 'album', 'film', 'novel', 'software'])})`,
  ],
  eval: [
    (c) => `${c.w(SQL_WORD_TITLES)} (${c.w(BRANDS)})`,
    (c) => `${c.w(SQL_WORD_TITLES)} (${c.pick(['TV series', 'EP', 'magazine', 'typeface', 'horse'])})`,
    (c) => `${c.w(SQL_WORD_TITLES)} (${c.w(LAST)} ${c.pick(['edition', 'cut', 'version'])})`,
    (c) => `${c.w(SQL_WORD_TITLES)} (${c.int(1, 12)}/${c.int(1990, 2024)})`,
  ],
};

export const NAMES: { train: Template[]; eval: Template[] } = {
  train: [
    (c) => `${c.w(FIRST)} ${c.w(LAST)}`,
    (c) => `${c.w(HONORIFICS)} ${c.w(FIRST)} ${c.w(LAST)}`,
    (c) => `${c.w(LAST)}, ${c.w(FIRST)}`,
    (c) => `${c.w(FIRST)} ${c.w(LAST)}, ${c.w(JOB_TITLES)}`,
    (c) => c.w(JOB_TITLES),
  ],
  eval: [
    (c) => `${c.w(FIRST)} ${c.w(FIRST)[0]}. ${c.w(LAST)}`,
    (c) => `${c.w(HONORIFICS)} ${c.w(LAST)} (${c.w(JOB_TITLES)})`,
    (c) => `${c.w(LAST).toUpperCase()} ${c.w(FIRST)}`,
    (c) => `${c.w(JOB_TITLES)} – ${c.w(FIRST)} ${c.w(LAST)}`,
    (c) => `${c.w(FIRST)} "${c.w(FIRST).slice(0, 3)}" ${c.w(LAST)}`,
  ],
};

export const ADDRESS: { train: Template[]; eval: Template[] } = {
  train: [
    (c) => `${c.int(1, 999)} ${c.w(STREETS)}, ${c.w(PLACES)}`,
    (c) => `${c.w(STREETS)} ${c.int(1, 200)}, ${c.w(PLACES)}`,
    (c) => `Apt ${c.int(1, 40)}${c.pick(['A', 'B', ''])}, ${c.int(1, 999)} ${c.w(STREETS)}`,
    (c) => `c/o ${c.w(FIRST)} ${c.w(LAST)}, ${c.w(STREETS)} ${c.int(1, 99)}`,
  ],
  eval: [
    (c) => `${c.w(FIRST)} ${c.w(LAST)}\n${c.int(1, 999)} ${c.w(STREETS)}\n${c.w(PLACES)}`.replace(/\n/g, ', '),
    (c) => `Unit ${c.int(1, 30)}/${c.int(1, 300)} ${c.w(STREETS)}, ${c.w(PLACES)}`,
    (c) => `${c.w(STREETS)} ${c.int(1, 90)}-${c.int(1, 9)}, ${c.int(1, 9)}. OG, ${c.w(PLACES)}`,
    (c) => `PO Box ${c.int(100, 9999)}, ${c.w(PLACES)}`,
  ],
};
