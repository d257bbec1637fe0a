// What a captured attack hit, as far as the sensor knows: `target.stack` on the evidence. The
// sandbox oracles judge a payload against the declared parts and against every modelled
// alternative for a part left out, and name the stack each confirmation holds on.
import { z } from 'zod';

export const DATABASES = ['postgres', 'mysql', 'mariadb', 'mssql', 'sqlite'] as const;
export const SHELLS = ['sh', 'bash', 'cmd', 'powershell'] as const;
export const OSES = ['linux', 'windows'] as const;
export const SERVERS = ['apache', 'nginx', 'iis', 'tomcat', 'jetty', 'php', 'node', 'other'] as const;
export const HTML_CONTEXTS = [
  'element', 'attribute', 'url_attribute', 'event_handler', 'js_string_double', 'js_string_single', 'js_template',
  'style', 'foreign_content', 'comment',
] as const;

export const TargetStackSchema = z
  .object({
    database: z.enum(DATABASES).optional().describe('Database engine behind the attacked parameter'),
    os: z.enum(OSES).optional().describe('Operating system of the target host'),
    shell: z.enum(SHELLS).optional().describe('Shell a command line is handed to (sh/bash, cmd.exe, PowerShell)'),
    server: z.enum(SERVERS).optional().describe('Web or application server (its path decoding)'),
    htmlContext: z.enum(HTML_CONTEXTS).optional().describe('Where the value lands in the page'),
  })
  .strict();

export type TargetStack = z.infer<typeof TargetStackSchema>;
