import Resolver from '@forge/resolver';
import api, { route } from '@forge/api';
import { kvs } from '@forge/kvs';
import { fetchTicket, pingMock, pingStatus } from './legacyClient';

const LINK_PROPERTY = 'legacy-tracker-link';

const resolver = new Resolver();

resolver.define('getLinkedTicket', async ({ context }) => {
  const issueKey = context.extension.issue.key;
  const response = await api
    .asApp()
    .requestJira(route`/rest/api/3/issue/${issueKey}/properties/${LINK_PROPERTY}`);
  if (response.status === 404) {
    return { linked: false };
  }
  const { value } = await response.json();

  const status = await kvs.get('legacy-status');
  if (status && !status.up) {
    return { linked: true, ticketId: value.ticketId, unavailable: true };
  }

  try {
    const ticket = await fetchTicket(value.ticketId);
    return { linked: true, ticketId: value.ticketId, ticket };
  } catch (err) {
    console.error(`Ticket ${value.ticketId} could not be loaded`, err.message);
    return { linked: true, ticketId: value.ticketId, unavailable: true };
  }
});

export const handler = resolver.getDefinitions();

export async function heartbeat() {
  const result = process.env.LEGACY_USE_MOCK === '1' ? await pingMock() : await pingStatus();
  await kvs.set('legacy-status', { ...result, checkedAt: new Date().toISOString() });
  if (!result.up) {
    console.warn('Legacy Tracker status endpoint is down', result.error ?? '');
  }
}
