import type { Logger as PinoLogger } from 'pino';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';

/** Routes Temporal's SDK and core log entries into pino, keeping their structured metadata. */
export function pinoTemporalLogger(logger: PinoLogger): DefaultLogger {
  const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  return new DefaultLogger('INFO', (entry: LogEntry) => {
    logger[levels[entry.level]]({ ...entry.meta, source: 'temporal' }, entry.message);
  });
}
