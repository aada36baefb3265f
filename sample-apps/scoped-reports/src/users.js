import { kvs } from '@forge/kvs';

// Trigger for avi:jira:created:user: counts new users for the report. The event
// payload carries the account; no REST call is needed, yet the event itself
// needs read:jira-user.
export async function onUserCreated(event) {
  const count = (await kvs.get('new-users')) ?? 0;
  await kvs.set('new-users', count + 1);
  return { accountId: event.user?.accountId ?? null };
}
