import * as Sentry from '@sentry/node';

let initialised = false;

export function initMonitoring() {
  if (initialised) {
    return;
  }
  Sentry.init({
    dsn: 'https://abc123@o4501.ingest.sentry.io/4502',
    environment: process.env.FORGE_ENV ?? 'production',
    tracesSampleRate: 0.1,
    sendDefaultPii: false,
  });
  initialised = true;
}

export async function withMonitoring(name, fn) {
  initMonitoring();
  try {
    return await fn();
  } catch (err) {
    Sentry.captureException(err, { tags: { handler: name } });
    await Sentry.flush(2000);
    throw err;
  }
}
