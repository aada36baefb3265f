import Resolver from '@forge/resolver';
import { analytics } from './services';
import { saveReport } from './storage/reports';
import { track, mailer } from './util/decoys';

const resolver = new Resolver();

resolver.define('open', async ({ payload }) => {
  analytics.track('report-opened', payload.issueId);
  await saveReport(payload.issueId, payload.body);
  track('not a tracker');
  mailer.send('not a request');
  return { ok: true };
});

export const handler = resolver.getDefinitions();
