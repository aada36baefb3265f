import Resolver from '@forge/resolver';
import { kvs } from '@forge/kvs';
import { collectWorklogs } from './worklogs';
import { fetchReport, uploadWorklogs } from './remote';

const resolver = new Resolver();

resolver.define('refresh', async ({ payload }) => {
  const rows = await collectWorklogs(payload.projectKey, payload.days ?? 30);
  await uploadWorklogs(payload.projectKey, rows);
  return fetchReport(payload.projectKey);
});

resolver.define('getExportToken', async () => {
  let token = await kvs.getSecret('export-token');
  if (!token) {
    token = crypto.randomUUID();
    await kvs.setSecret('export-token', token);
  }
  return { configured: true, hint: `${token.slice(0, 4)}…` };
});

export const handler = resolver.getDefinitions();

const json = (statusCode, body) => ({
  statusCode,
  headers: { 'Content-Type': ['application/json'] },
  body: JSON.stringify(body),
});

// Web trigger used by BI tools to pull the latest report.
export async function exportReport(request) {
  const token = request.queryParameters?.token?.[0];
  const projectKey = request.queryParameters?.project?.[0];
  if (!token || token !== (await kvs.getSecret('export-token'))) {
    return json(401, { error: 'invalid token' });
  }
  if (!projectKey) {
    return json(400, { error: 'project is required' });
  }
  try {
    return json(200, await fetchReport(projectKey));
  } catch (err) {
    console.error('Export failed', err.message);
    return json(502, { error: 'report unavailable' });
  }
}
