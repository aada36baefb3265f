import { kvs } from '@forge/kvs';

const CONFIG_KEY = 'sync-config';
const AIRTABLE_TOKEN_KEY = 'airtable-token';

const DEFAULTS = {
  enabled: false,
  bucket: '',
  prefix: 'jira-snapshots/',
  airtableBaseId: '',
  airtableTable: 'Issues',
};

export async function getConfig() {
  return { ...DEFAULTS, ...((await kvs.get(CONFIG_KEY)) ?? {}) };
}

export async function saveConfig(input) {
  const next = { ...(await getConfig()), ...input };
  if (next.enabled && !next.bucket) {
    throw new Error('An S3 bucket is required before sync can be enabled.');
  }
  await kvs.set(CONFIG_KEY, next);
  return next;
}

export const getAirtableToken = () => kvs.getSecret(AIRTABLE_TOKEN_KEY);

export const setAirtableToken = (token) => kvs.setSecret(AIRTABLE_TOKEN_KEY, token);
