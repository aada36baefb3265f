import Resolver from '@forge/resolver';
import api, { route } from '@forge/api';
import { kvs } from '@forge/kvs';

const resolver = new Resolver();

// Reads only: the report is built from the issue and its changelog.
resolver.define('getReport', async ({ context }) => {
  const issueKey = context.extension.issue.key;
  const response = await api.asApp().requestJira(route`/rest/api/3/issue/${issueKey}?expand=changelog`, {
    method: 'GET',
    headers: { Accept: 'application/json' },
  });
  if (!response.ok) {
    return { issueKey, error: response.status };
  }
  const issue = await response.json();
  const newUsers = (await kvs.get('new-users')) ?? 0;
  return {
    issueKey,
    summary: issue.fields.summary,
    changes: issue.changelog?.total ?? 0,
    newUsers,
  };
});

export const handler = resolver.getDefinitions();
