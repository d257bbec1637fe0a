// HTML and JavaScript vocabulary, one list for the whole product: the HTML oracle (which
// injected markup acts), the classifier's detectors (html_event_handler, html_dangerous_tag,
// js_sink_call) and the rule families' alternations read it.

// Event-handler content attributes a browser actually runs: the HTML standard's
// GlobalEventHandlers / WindowEventHandlers / DocumentEventHandlers, the CSS animation,
// transition, pointer, touch and fullscreen events, SVG animation events, and the legacy
// IE / Gecko / WebKit handlers the attack lists still target. Matching the real names instead
// of the prefix `on` keeps prose attributes (`one`, `online`, `on`) out: they are inert.
const HANDLER_NAMES = `
abort afterprint animationcancel animationend animationiteration animationstart auxclick
beforecopy beforecut beforeinput beforematch beforepaste beforeprint beforetoggle beforeunload
blur cancel canplay canplaythrough change click close command contextlost contextmenu
contextrestored copy cuechange cut dblclick drag dragend dragenter dragexit dragleave dragover
dragstart drop durationchange emptied ended error focus focusin focusout formdata
fullscreenchange fullscreenerror gotpointercapture hashchange input invalid keydown keypress
keyup languagechange load loadeddata loadedmetadata loadend loadstart lostpointercapture message
messageerror mousedown mouseenter mouseleave mousemove mouseout mouseover mouseup mousewheel
offline online pagehide pagereveal pageshow pageswap paste pause play playing pointercancel
pointerdown pointerenter pointerleave pointerlockchange pointerlockerror pointermove pointerout
pointerover pointerrawupdate pointerup popstate progress ratechange readystatechange
rejectionhandled reset resize scroll scrollend scrollsnapchange scrollsnapchanging search
securitypolicyviolation seeked seeking select selectionchange selectstart show slotchange
stalled storage submit suspend timeupdate toggle touchcancel touchend touchmove touchstart
transitioncancel transitionend transitionrun transitionstart unhandledrejection unload
visibilitychange volumechange waiting wheel contentvisibilityautostatechange
enterpictureinpicture leavepictureinpicture devicemotion deviceorientation
deviceorientationabsolute orientationchange appinstalled beforeinstallprompt freeze resume
begin end repeat zoom
activate afterupdate beforeactivate beforedeactivate beforeeditfocus beforeupdate bounce
cellchange controlselect dataavailable datasetchanged datasetcomplete deactivate errorupdate
filterchange finish help layoutcomplete losecapture move moveend movestart propertychange
resizeend resizestart rowenter rowexit rowsdelete rowsinserted start stop formchange forminput
beforescriptexecute afterscriptexecute mozfullscreenchange mozfullscreenerror
mozpointerlockchange webkitanimationend webkitanimationiteration webkitanimationstart
webkittransitionend webkitfullscreenchange webkitfullscreenerror webkitbeginfullscreen
webkitendfullscreen webkitmouseforcechanged webkitmouseforcedown webkitmouseforceup
webkitmouseforcewillbegin webkitplaybacktargetavailabilitychanged
webkitcurrentplaybacktargetiswirelesschanged webkitpresentationmodechanged webkitwillrevealbottom
webkitkeyadded webkitkeyerror webkitkeymessage webkitneedkey
`;

/** Lower-case `on…` attribute names a browser runs as script. */
export const EVENT_HANDLERS: ReadonlySet<string> = new Set(HANDLER_NAMES.trim().split(/\s+/).map((n) => `on${n}`));

/** Elements that act by themselves (script, styles, frames, plug-ins, navigation, namespace switches, raw-text swallowers). */
export const ACTIVE_TAGS: ReadonlySet<string> = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'base', 'meta', 'link',
  'form', 'svg', 'math', 'template', 'portal', 'plaintext', 'xmp', 'noembed', 'noframes', 'noscript', 'textarea',
  'title', 'set', 'animate', 'animatemotion', 'animatetransform',
]);

/**
 * Elements that do nothing by themselves but load a resource or carry an event handler that
 * fires without a click (img onerror, body onload, details ontoggle, marquee onstart, input
 * autofocus onfocus): the tags the attack lists pair with a handler.
 */
export const HANDLER_CARRIER_TAGS: ReadonlySet<string> = new Set([
  'img', 'image', 'body', 'input', 'video', 'audio', 'source', 'track', 'details', 'marquee', 'isindex', 'bgsound',
  'layer', 'xml', 'html', 'keygen', 'a', 'div', 'table', 'td', 'button', 'select', 'option', 'x', 'xss',
]);

/**
 * Attributes that load, navigate, style or script when they hold a value. Event handlers are
 * matched by their real names (EVENT_HANDLERS). A name on this list with an empty value is inert.
 */
export const ACTIVE_ATTRS: ReadonlySet<string> = new Set([
  'style', 'href', 'src', 'srcset', 'action', 'formaction', 'data', 'srcdoc', 'http-equiv', 'xlink:href', 'background',
  'poster', 'dynsrc', 'lowsrc', 'codebase', 'classid', 'expr', 'datasrc', 'datafld', 'allowscriptaccess', 'ping',
]);

/**
 * Attributes whose value a browser parses as a URL: a `javascript:` or HTML `data:` URL in one
 * runs script (on load, on click or on submit). Lower case.
 */
export const URL_ATTRS: ReadonlySet<string> = new Set([
  'href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc', 'codebase', 'cite', 'lowsrc', 'dynsrc',
]);

/** JavaScript functions that run or reveal something when injected code calls them (lower case). */
export const JS_SINK_CALLS: readonly string[] = [
  'alert', 'prompt', 'confirm', 'eval', 'settimeout', 'setinterval', 'fromcharcode', 'atob', 'fetch',
];

/** DOM properties an injection reads or writes: `object.property` or a bare `.property` (lower case). */
export const JS_SINK_PROPERTIES: readonly string[] = [
  'document.cookie', 'document.write', 'document.domain', 'document.location', 'window.location', '.innerhtml', '.outerhtml',
];
