import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs, one line per record, with the service name on each; secrets are redacted at the source. */
export function createLogger(options: { service: string; level: string }): Logger {
  return pino({
    name: options.service,
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.token'],
      censor: '[redacted]',
    },
  });
}
