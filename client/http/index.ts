// The web server's public API: build it (tests, embedding), start it, or run it as a process.
export {
  buildWebServer,
  startWebServer,
  redactUrl,
  type WebServerOptions,
  type RateLimitSetting,
  type RunningWebServer,
} from './web-server.js';
export { runWeb, type RunWebOptions, type RunningWeb } from './main.js';
