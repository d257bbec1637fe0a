// Event-handler content attributes a browser actually runs: the HTML standard's
// GlobalEventHandlers / WindowEventHandlers / DocumentEventHandlers, the CSS animation,
// transition, pointer, touch and fullscreen events, SVG animation events, and the legacy
// IE / Gecko / WebKit handlers the attack lists still target. Matching the real names instead
// of the prefix `on` keeps prose attributes (`one`, `online`, `on`) out: they are inert.
const NAMES = `
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

export const EVENT_HANDLERS: ReadonlySet<string> = new Set(NAMES.trim().split(/\s+/).map((n) => `on${n}`));

export const isEventHandler = (attr: string) => EVENT_HANDLERS.has(attr.toLowerCase());
