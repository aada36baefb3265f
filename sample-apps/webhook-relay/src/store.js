import { kvs } from '@forge/kvs';

const MAX_LOG_ENTRIES = 500;

export async function getHooks() {
  return (await kvs.get('hooks')) ?? [];
}

export async function saveHooks(hooks) {
  await kvs.set('hooks', hooks);
}

export async function getAlertSettings() {
  return (await kvs.get('alerts')) ?? { smsTo: '', smsFrom: '', twilioSid: '', digestTo: '' };
}

export async function saveAlertSettings(settings) {
  await kvs.set('alerts', settings);
}

export const getSecret = (name) => kvs.getSecret(`secret:${name}`);
export const setSecret = (name, value) => kvs.setSecret(`secret:${name}`, value);
export const hasSecret = async (name) => Boolean(await kvs.getSecret(`secret:${name}`));

export async function appendLog(entry) {
  const log = (await kvs.get('delivery-log')) ?? [];
  log.push({ ...entry, at: new Date().toISOString() });
  await kvs.set('delivery-log', log.slice(-MAX_LOG_ENTRIES));
}

export async function readLog(sinceIso) {
  const log = (await kvs.get('delivery-log')) ?? [];
  return sinceIso ? log.filter((e) => e.at >= sinceIso) : log;
}
