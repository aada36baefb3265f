import api, { route } from '@forge/api';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function listUnreleasedVersions(projectKey) {
  const response = await api
    .asApp()
    .requestJira(route`/rest/api/3/project/${projectKey}/versions?status=unreleased`);
  if (!response.ok) {
    throw new Error(`Could not read versions of ${projectKey}: ${response.status}`);
  }
  return response.json();
}

export function classify(version, now = Date.now()) {
  if (!version.releaseDate) {
    return 'unscheduled';
  }
  const due = Date.parse(version.releaseDate);
  if (due < now) {
    return 'overdue';
  }
  return due - now < 7 * DAY_MS ? 'due-soon' : 'on-track';
}

export async function readinessReport(projectKey) {
  const versions = await listUnreleasedVersions(projectKey);
  return versions.map((v) => ({
    id: v.id,
    name: v.name,
    releaseDate: v.releaseDate ?? null,
    state: classify(v),
  }));
}
