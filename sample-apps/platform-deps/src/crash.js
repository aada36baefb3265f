import * as Sentry from '@sentry/node';

// Crash reports go to the vendor's own Sentry project.
Sentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 0 });

export function reportCrash(error) {
  Sentry.captureException(error);
}
