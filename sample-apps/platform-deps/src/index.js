import Resolver from '@forge/resolver';
import api, { route } from '@forge/api';
import { kvs } from '@forge/kvs';
import { recordChange } from '@northwind/audit-trail';
import { reportCrash } from './crash';

const resolver = new Resolver();

// The audit log is kept per issue in Forge storage.
resolver.define('history', async ({ payload }) => {
  try {
    const response = await api
      .asUser()
      .requestJira(route`/rest/api/3/issue/${payload.issueKey}/changelog`);
    const changes = await response.json();
    recordChange(payload.issueKey, changes.total);
    await kvs.set(`seen:${payload.issueKey}`, changes.total);
    return changes.values;
  } catch (error) {
    reportCrash(error);
    throw error;
  }
});

export const handler = resolver.getDefinitions();
