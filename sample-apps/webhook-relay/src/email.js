import sgMail from '@sendgrid/mail';
import { getAlertSettings, getSecret, readLog } from './store';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function sendDailyDigest() {
  const settings = await getAlertSettings();
  const apiKey = await getSecret('sendgrid-key');
  if (!settings.digestTo || !apiKey) {
    return false;
  }

  const since = new Date(Date.now() - DAY_MS).toISOString();
  const entries = await readLog(since);
  const failed = entries.filter((e) => !e.ok);

  sgMail.setApiKey(apiKey);
  await sgMail.send({
    to: settings.digestTo,
    from: 'digest@webhook-relay.example.com',
    subject: `Webhook Relay: ${entries.length} deliveries, ${failed.length} failed`,
    text: failed.map((e) => `${e.at} hook ${e.hook}: ${e.reason ?? e.status}`).join('\n') || 'No failures.',
  });
  return true;
}
