// Templates for machine-made values that travel in parameters (JSON, URLs, URLs whose fragment
// holds JSON, base64, JWTs, hashes) and for prose that quotes shell commands inline.
import { b64json, type Template } from './gen';
import { COMMANDS, FIELDS, FIRST, HOSTS, TOPICS } from './vocab';

const json = (c: Parameters<Template>[0]) =>
  JSON.stringify({ [c.w(FIELDS)]: c.w(TOPICS), page: c.int(1, 20), filters: { [c.w(FIELDS)]: [c.w(TOPICS).split(' ')[0], c.int(1, 99)] } });

export const TOKENS: { train: Template[]; eval: Template[] } = {
  train: [
    (c) => json(c),
    (c) => JSON.stringify({ user: c.w(FIRST), roles: ['viewer', 'editor'].slice(0, c.int(1, 2)), active: c.int(0, 1) === 1 }),
    (c) => `https://${c.w(HOSTS)}/search?q=${encodeURIComponent(c.w(TOPICS))}&page=${c.int(1, 9)}`,
    (c) => `https://${c.w(HOSTS)}/${c.w(TOPICS).split(' ')[0]}/${c.int(1, 9999)}?utm_source=newsletter&utm_medium=email`,
    (c) => c.b64(c.int(8, 48)),
    (c) => c.b64(c.int(8, 48), true),
    (c) => `${b64json({ alg: 'HS256', typ: 'JWT' })}.${b64json({ sub: String(c.int(1, 1e6)), name: c.w(FIRST), iat: 1700000000 + c.int(0, 1e7) })}.${c.b64(32, true)}`,
    (c) => c.hex(c.pick([32, 40, 64])),
    (c) => `sha256:${c.hex(64)}`,
  ],
  eval: [
    (c) => JSON.stringify([{ id: c.int(1, 999), [c.w(FIELDS)]: c.w(TOPICS) }, { id: c.int(1, 999), note: `${c.w(FIRST)}'s list` }]),
    (c) => JSON.stringify({ query: { bool: { must: [{ match: { [c.w(FIELDS)]: c.w(TOPICS) } }] } }, size: c.int(10, 50) }),
    (c) => `https://${c.w(HOSTS)}/app/${c.w(TOPICS).split(' ')[0]}?ref=${c.hex(8)}&lang=${c.pick(['en', 'de', 'fr'])}`,
    (c) => `${c.w(HOSTS)}/${c.int(2019, 2025)}/${c.int(1, 12)}/${c.w(TOPICS).replace(/ /g, '-')}.html`,
    (c) => `data:image/png;base64,${c.b64(c.int(24, 60))}`,
    (c) => `${b64json({ alg: 'RS256', kid: c.hex(8) })}.${b64json({ iss: `https://${c.w(HOSTS)}`, aud: 'api', exp: 1800000000 + c.int(0, 1e7) })}.${c.b64(64, true)}`,
    (c) => c.hex(c.pick([32, 40, 64, 128])).toUpperCase(),
    (c) => `$2b$12$${c.b64(40).replace(/[+=]/g, '.').slice(0, 53)}`,
    (c) => `sha1-${c.b64(20)}`,
  ],
};

/** URLs whose fragment (or a parameter) holds JSON, raw or percent-encoded, as single-page apps write them. */
export const URL_JSON: { train: Template[]; eval: Template[] } = {
  train: [
    (c) => `https://${c.w(HOSTS)}/app#${json(c)}`,
    (c) => `https://${c.w(HOSTS)}/view#state=${encodeURIComponent(json(c))}`,
    (c) => `https://${c.w(HOSTS)}/#/${c.w(TOPICS).split(' ')[0]}?filter=${JSON.stringify({ [c.w(FIELDS)]: c.w(TOPICS) })}`,
  ],
  eval: [
    (c) => `https://${c.w(HOSTS)}/dashboard#${JSON.stringify({ panels: [c.int(1, 9), c.int(1, 9)], range: { from: 'now-6h', to: 'now' } })}`,
    (c) => `https://${c.w(HOSTS)}/explore?left=${encodeURIComponent(JSON.stringify({ q: c.w(TOPICS), limit: c.int(10, 100) }))}`,
    (c) => `https://${c.w(HOSTS)}/#${encodeURIComponent(JSON.stringify({ [c.w(FIELDS)]: c.w(TOPICS), sort: '-date' }))}`,
  ],
};

/** Prose quoting shell commands inline, as in forum posts and tickets. */
export const SHELL_PROSE: { train: Template[]; eval: Template[] } = {
  train: [
    (c) => `try \`${c.w(COMMANDS)}\`, then paste \`${c.w(COMMANDS)}\``,
    (c) => `I ran ${c.w(COMMANDS)} and it still says permission denied.`,
    (c) => `After \`${c.w(COMMANDS)}\` the service came back, thanks!`,
    (c) => `Did you try '${c.w(COMMANDS)}' first? That usually fixes it.`,
    (c) => `Step ${c.int(1, 9)}: run \`${c.w(COMMANDS)}\` as root.`,
  ],
  eval: [
    (c) => `Running \`${c.w(COMMANDS)}\` gives me an error, any idea why?`,
    (c) => `You need ${c.w(COMMANDS)} before ${c.w(COMMANDS)}, otherwise nothing happens.`,
    (c) => `EDIT: solved it with "${c.w(COMMANDS)}" - thanks ${c.w(FIRST)}!`,
    (c) => `What does \`${c.w(COMMANDS)}\` print on your machine?`,
    (c) => `Same here. ${c.w(COMMANDS)} worked for me on Ubuntu ${c.pick(['20.04', '22.04', '24.04'])}.`,
  ],
};
