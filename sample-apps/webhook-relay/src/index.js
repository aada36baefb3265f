import Resolver from '@forge/resolver';
import api, { route } from '@forge/api';
import { deliver } from './webhooks';
import { sendPriorityAlert } from './sms';
import { sendDailyDigest } from './email';
import { getAlertSettings, getHooks, hasSecret, saveAlertSettings, saveHooks, setSecret } from './store';

async function loadIssue(issueId) {
  const response = await api
    .asApp()
    .requestJira(route`/rest/api/3/issue/${issueId}?fields=summary,status,priority,project`);
  if (!response.ok) {
    throw new Error(`Issue ${issueId} could not be read: ${response.status}`);
  }
  return response.json();
}

export async function relay(event) {
  const hooks = (await getHooks()).filter((h) => h.enabled);
  const issue = await loadIssue(event.issue.id);
  const payload = { event: event.eventType, issue: { key: issue.key, ...issue.fields } };

  await Promise.all(hooks.map((hook) => deliver(hook, payload)));

  if (issue.fields.priority?.name === 'Highest') {
    await sendPriorityAlert(issue).catch((err) => console.error('SMS alert failed', err.message));
  }
}

export async function digest() {
  await sendDailyDigest().catch((err) => console.error('Digest failed', err.message));
}

const resolver = new Resolver();

resolver.define('getSettings', async () => ({
  hooks: (await getHooks()).map(({ id, url, enabled }) => ({ id, url, enabled })),
  alerts: await getAlertSettings(),
  twilioTokenSet: await hasSecret('twilio-token'),
  sendgridKeySet: await hasSecret('sendgrid-key'),
}));

resolver.define('saveSettings', async ({ payload }) => {
  await saveHooks(payload.hooks);
  await saveAlertSettings(payload.alerts);
  if (payload.twilioToken) await setSecret('twilio-token', payload.twilioToken);
  if (payload.sendgridKey) await setSecret('sendgrid-key', payload.sendgridKey);
  return { saved: true };
});

export const handler = resolver.getDefinitions();
