import { pino, type Logger } from 'pino';

export type { Logger };

// Secrets must never reach a log line, whichever module logs the object that holds them.
const redact = [
  'accessToken',
  'refreshToken',
  'clientSecret',
  'webhookSecret',
  'password',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.refresh_token',
  '*.clientSecret',
  '*.webhookSecret',
  '*.password',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-shopify-access-token"]',
  'config.databaseUrl',
];

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, redact: { paths: redact, censor: '[redacted]' } });
}

export const rootLogger = createLogger('plexus');
