import api, { route } from '@forge/api';

const OPEN_SPRINT_JQL = (projectKey) =>
  `project = "${projectKey}" AND sprint in openSprints() ORDER BY status`;

export async function loadSprintStats(projectKey) {
  const jql = OPEN_SPRINT_JQL(projectKey);
  const response = await api
    .asApp()
    .requestJira(route`/rest/api/3/search/jql?jql=${jql}&fields=status,assignee&maxResults=100`);

  if (!response.ok) {
    throw new Error(`Jira search failed with ${response.status}`);
  }

  const { issues = [] } = await response.json();
  const byStatus = {};
  for (const issue of issues) {
    const status = issue.fields.status?.name ?? 'Unknown';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  const unassigned = issues.filter((i) => !i.fields.assignee).length;

  return { total: issues.length, byStatus, unassigned };
}
