// The progress layer's surface: renderers of the event stream and the log multiplexer.
export { createJsonRenderer, formatJsonError, formatJsonEvent } from './json.js';
export { createLogPrinter, formatLocalTime, LOG_COLORS, type LogPrinter } from './log-printer.js';
export { resolveDisplay, type Display, type DisplayInputs } from './mode.js';
export { createPlainRenderer, formatPlainEvent } from './plain.js';
export { createQuietRenderer } from './quiet.js';
export type { ProgressMode, ProgressRenderer, TextOutput } from './renderer.js';
export { createTtyRenderer, type TtyDisplay, type TtyOptions } from './tty.js';
