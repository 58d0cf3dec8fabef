// Gives this test process the DOM of a webview page (jsdom), for React DOM and Testing Library.
// Import it before anything that imports react-dom: React DOM decides when it loads whether there
// is a DOM to use. Node's own globals (timers, URL, Event …) are kept; the window's others are added.
import { JSDOM } from 'jsdom';

// `pretendToBeVisual` gives the window requestAnimationFrame, which React's scheduler looks for.
const { window } = new JSDOM('<!doctype html><html><body></body></html>', {
  url: 'https://webview.test/',
  pretendToBeVisual: true,
});
const globals = globalThis as unknown as Record<string, unknown>;
const source = window as unknown as Record<string, unknown>;
for (const key of Object.getOwnPropertyNames(window)) if (!(key in globals)) globals[key] = source[key];
// The page's code names `window` and `document`, and so does Testing Library.
globals.window = window;
globals.document = window.document;

// jsdom's window has no MessageChannel, and Node's would keep this process alive after the tests:
// React's scheduler listens on a MessagePort when it finds one. Without it the scheduler uses
// timers, as it does in any window without MessageChannel.
delete globals.MessageChannel;

// React 18 checks updates of a test are wrapped in act(); Testing Library's render and events are.
globals.IS_REACT_ACT_ENVIRONMENT = true;
