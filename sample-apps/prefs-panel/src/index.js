import Resolver from '@forge/resolver';
import api, { route } from '@forge/api';
import { kvs } from '@forge/kvs';

const DEFAULT_PREFS = { minutesPerPerson: 2, sound: true, order: 'random' };
const prefsKey = (accountId) => `prefs:${accountId}`;

const resolver = new Resolver();

resolver.define('getMe', async () => {
  const response = await api.asUser().requestJira(route`/rest/api/3/myself`);
  if (!response.ok) {
    throw new Error(`Could not load the current user: ${response.status}`);
  }
  const me = await response.json();
  return { accountId: me.accountId, displayName: me.displayName };
});

resolver.define('getTeam', async () => (await kvs.get('team')) ?? []);

resolver.define('saveTeam', async ({ payload }) => {
  const team = (payload.team ?? []).map((name) => String(name).trim()).filter(Boolean);
  await kvs.set('team', team.slice(0, 30));
  return team;
});

resolver.define('getPrefs', async ({ context }) => ({
  ...DEFAULT_PREFS,
  ...((await kvs.get(prefsKey(context.accountId))) ?? {}),
}));

resolver.define('savePrefs', async ({ payload, context }) => {
  const prefs = { ...DEFAULT_PREFS, ...payload.prefs };
  if (prefs.minutesPerPerson < 1 || prefs.minutesPerPerson > 10) {
    return { error: 'Choose between 1 and 10 minutes per person.' };
  }
  await kvs.set(prefsKey(context.accountId), prefs);
  return prefs;
});

export const handler = resolver.getDefinitions();
