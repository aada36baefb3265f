import { createHmac } from 'node:crypto';
import { appendLog, getSecret } from './store';

function sign(body, secret) {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export async function deliver(hook, payload) {
  const url = new URL(hook.url);
  if (url.protocol !== 'https:' && !hook.allowInsecure) {
    await appendLog({ hook: hook.id, ok: false, reason: 'non-TLS endpoint blocked' });
    return false;
  }

  const body = JSON.stringify(payload);
  const secret = await getSecret(`hook:${hook.id}`);
  const headers = { 'Content-Type': 'application/json', 'User-Agent': 'webhook-relay/5' };
  if (secret) {
    headers['X-Relay-Signature'] = `sha256=${sign(body, secret)}`;
  }

  try {
    const response = await fetch(hook.url, { method: 'POST', headers, body });
    await appendLog({ hook: hook.id, ok: response.ok, status: response.status });
    return response.ok;
  } catch (err) {
    await appendLog({ hook: hook.id, ok: false, reason: err.message });
    return false;
  }
}
