import api, { route } from '@forge/api';
import { kvs } from '@forge/kvs';
const u: string = `https://${host}/x`;
export async function f(k: string): Promise<void> {
  await kvs.set(k, await (await api.fetch(u)).json());
  await api.asApp().requestJira(route`/rest/api/3/issue/${k}`);
}
const S = require('@sentry/node');
new XMLHttpRequest().open('GET', 'https://o1.ingest.sentry.io');
