// Which injected markup can do something. A payload that only adds inert markup — formatting
// elements (`<b>bold</b>`), unknown elements (`#include <stdio.h>`), or attributes a browser
// ignores (prose in an unquoted attribute: `one = one`, `cd src`) — changes how text looks, not
// what the page runs or loads. Anything else it adds counts as escaping its context.

/** Elements that act by themselves (script, styles, frames, plug-ins, navigation, namespace switches, raw-text swallowers). */
export const ACTIVE_TAGS: ReadonlySet<string> = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'base', 'meta', 'link',
  'form', 'svg', 'math', 'template', 'portal', 'plaintext', 'xmp', 'noembed', 'noframes', 'noscript', 'textarea',
  'title', 'set', 'animate', 'animatemotion', 'animatetransform',
]);

/**
 * Attributes that load, navigate, style or script when they hold a value. Event handlers are
 * matched by their real names (html-events). A name on this list with an empty value is inert.
 */
export const ACTIVE_ATTRS: ReadonlySet<string> = new Set([
  'style', 'href', 'src', 'srcset', 'action', 'formaction', 'data', 'srcdoc', 'http-equiv', 'xlink:href', 'background',
  'poster', 'dynsrc', 'lowsrc', 'codebase', 'classid', 'expr', 'datasrc', 'datafld', 'allowscriptaccess', 'ping',
]);

import { isLiveHandler } from './html-dom';

export const isActiveAttr = (a: { name: string; value: string }) => isLiveHandler(a) || (ACTIVE_ATTRS.has(a.name.toLowerCase()) && a.value.trim() !== '');
