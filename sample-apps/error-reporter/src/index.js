import Resolver from '@forge/resolver';
import { kvs } from '@forge/kvs';
import { readinessReport } from './releases';
import { notifyPartner } from './partner';
import { withMonitoring } from './monitoring';

const WATCHED_PROJECTS_KEY = 'watched-projects';

const resolver = new Resolver();

resolver.define('getReport', async ({ context }) =>
  withMonitoring('getReport', async () => {
    const projectKey = context.extension.project.key;
    const watched = (await kvs.get(WATCHED_PROJECTS_KEY)) ?? [];
    if (!watched.includes(projectKey)) {
      await kvs.set(WATCHED_PROJECTS_KEY, [...watched, projectKey]);
    }
    return readinessReport(projectKey);
  }),
);

resolver.define('getLastRun', async () => (await kvs.get('last-run')) ?? null);

export const handler = resolver.getDefinitions();

export async function checkReleases() {
  return withMonitoring('checkReleases', async () => {
    const watched = (await kvs.get(WATCHED_PROJECTS_KEY)) ?? [];
    let notified = 0;
    for (const projectKey of watched) {
      const report = await readinessReport(projectKey);
      const overdue = report.filter((v) => v.state === 'overdue');
      if (await notifyPartner(projectKey, overdue)) {
        notified += 1;
      }
    }
    await kvs.set('last-run', { at: new Date().toISOString(), projects: watched.length, notified });
  });
}
