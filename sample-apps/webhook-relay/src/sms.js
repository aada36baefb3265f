import twilio from 'twilio';
import { getAlertSettings, getSecret } from './store';

export async function sendPriorityAlert(issue) {
  const settings = await getAlertSettings();
  const authToken = await getSecret('twilio-token');
  if (!settings.smsTo || !settings.twilioSid || !authToken) {
    return null;
  }

  const client = twilio(settings.twilioSid, authToken);
  const message = await client.messages.create({
    to: settings.smsTo,
    from: settings.smsFrom,
    body: `[Jira] ${issue.key} is now ${issue.fields.priority?.name}: ${issue.fields.summary}`.slice(0, 160),
  });
  return message.sid;
}
