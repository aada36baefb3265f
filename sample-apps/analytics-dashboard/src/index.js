import Resolver from '@forge/resolver';
import { loadSprintStats } from './stats';
import { trackServerEvent } from './segment';

const resolver = new Resolver();

resolver.define('getSprintStats', async ({ context }) => {
  const projectKey = context.extension.project.key;
  try {
    const stats = await loadSprintStats(projectKey);
    await trackServerEvent(context.accountId, 'Sprint Stats Loaded', {
      projectKey,
      issueCount: stats.total,
    });
    return stats;
  } catch (err) {
    console.error(`Failed to build stats for ${projectKey}`, err);
    return { error: 'Sprint statistics are not available right now.' };
  }
});

resolver.define('trackUiEvent', async ({ payload, context }) => {
  await trackServerEvent(context.accountId, payload.event, payload.properties ?? {});
  return { ok: true };
});

export const handler = resolver.getDefinitions();
