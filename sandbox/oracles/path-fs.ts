// The virtual host the path oracle resolves against: the app's own files under the document
// root, plus the well-known files any stock Linux or Windows host has (Windows drive roots are
// mapped to `/`, look-ups are case-insensitive). Every file outside the root is a canary: a
// value that resolves to one reads something the app never meant to serve. The list is what
// exists on a standard image, not what attack lists happen to name, so an absolute path to an
// ordinary location (`/home/ana/cv.pdf`) finds nothing.
// The lists are the product's sensitive-file vocabulary (domain/threat/vocabulary/files), shared
// with the classifier's detectors.
import { APP_DIR, SENSITIVE_FILES } from '../../domain/threat/vocabulary/files';

export const VIRTUAL_ROOT = `${APP_DIR}/public`;

const APP_FILES = ['index.html', 'docs/readme.md', 'report (final).pdf', 'private/secret.json'];

/** Keys are lower-case; `canary` = outside the document root. */
export const VIRTUAL_FS: Record<string, { canary: boolean }> = Object.fromEntries([
  ...APP_FILES.map((f) => [`${VIRTUAL_ROOT}/${f}`, { canary: false }]),
  ...SENSITIVE_FILES.map((f) => [f, { canary: true }]),
]);

export function lookup(resolved: string): { canary: boolean } | undefined {
  return VIRTUAL_FS[resolved.toLowerCase()];
}
