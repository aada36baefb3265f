import Resolver from '@forge/resolver';
import api, { route } from '@forge/api';
import { getConfig, saveConfig, setAirtableToken } from './config';
import { putSnapshot } from './s3';
import { upsertIssueRow } from './airtable';

async function loadIssue(issueId) {
  const response = await api
    .asApp()
    .requestJira(route`/rest/api/3/issue/${issueId}?fields=summary,status,assignee,updated,labels`);
  if (!response.ok) {
    throw new Error(`Could not read issue ${issueId}: ${response.status}`);
  }
  return response.json();
}

export async function syncIssue(event) {
  const config = await getConfig();
  if (!config.enabled) {
    return;
  }
  const issue = await loadIssue(event.issue.id);
  try {
    const objectKey = await putSnapshot(config, issue);
    const rowId = await upsertIssueRow(config, issue);
    console.log(`Synced ${issue.key} -> s3://${config.bucket}/${objectKey}, airtable ${rowId}`);
  } catch (err) {
    console.error(`Sync of ${issue.key} failed`, err.message);
  }
}

const resolver = new Resolver();

resolver.define('getConfig', async () => getConfig());

resolver.define('saveConfig', async ({ payload }) => {
  try {
    return { config: await saveConfig(payload) };
  } catch (err) {
    return { error: err.message };
  }
});

resolver.define('setAirtableToken', async ({ payload }) => {
  await setAirtableToken(payload.token);
  return { saved: true };
});

export const handler = resolver.getDefinitions();
