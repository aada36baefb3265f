import api, { route } from '@forge/api';

const PAGE_SIZE = 100;

// Collects time spent per issue for the last `days` days, one Jira page at a time.
export async function collectWorklogs(projectKey, days) {
  const jql = `project = "${projectKey}" AND worklogDate >= -${days}d`;
  const rows = [];
  let nextPageToken;

  do {
    const params = new URLSearchParams({ jql, fields: 'timespent,assignee', maxResults: PAGE_SIZE });
    if (nextPageToken) {
      params.set('nextPageToken', nextPageToken);
    }
    const response = await api.asApp().requestJira(route`/rest/api/3/search/jql?${params}`);
    if (!response.ok) {
      throw new Error(`Worklog search failed: ${response.status}`);
    }
    const page = await response.json();
    for (const issue of page.issues) {
      rows.push({
        issue: issue.key,
        assignee: issue.fields.assignee?.accountId ?? null,
        seconds: issue.fields.timespent ?? 0,
      });
    }
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);

  return rows;
}
