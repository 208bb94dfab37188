export { NdjsonParser } from './ndjson-parser.js';
export { parseNdjson } from './parse-ndjson.js';
export { parseSse } from './parse-sse.js';
export type { StreamOptions, StreamSource } from './read-events.js';
export { type SseEvent, SseParser } from './sse-parser.js';
