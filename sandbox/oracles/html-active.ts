// Which injected markup can do something. A payload that only adds inert markup — formatting
// elements (`<b>bold</b>`), unknown elements (`#include <stdio.h>`), or attributes a browser
// ignores (prose in an unquoted attribute: `one = one`, `cd src`) — changes how text looks, not
// what the page runs or loads. Anything else it adds counts as escaping its context.

// The lists are the product's HTML vocabulary (domain/threat/vocabulary/html), shared with the
// classifier's detectors.
import { ACTIVE_ATTRS, ACTIVE_TAGS } from '../../domain/threat/vocabulary/html';
import { isLiveHandler } from './html-dom';

export { ACTIVE_ATTRS, ACTIVE_TAGS };

export const isActiveAttr = (a: { name: string; value: string }) => isLiveHandler(a) || (ACTIVE_ATTRS.has(a.name.toLowerCase()) && a.value.trim() !== '');
