import { invokeRemote } from '@forge/api';

const REMOTE_KEY = 'insights-backend';

async function call(path, method, body) {
  const response = await invokeRemote(REMOTE_KEY, {
    path,
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) {
    throw new Error(`Insights backend ${method} ${path} failed: ${response.status}`);
  }
  return response.json();
}

// The backend keeps a 13-month history so trends survive Jira's own clean-ups.
export const uploadWorklogs = (projectKey, rows) =>
  call(`/v1/projects/${encodeURIComponent(projectKey)}/worklogs`, 'POST', { rows });

export const fetchReport = (projectKey) =>
  call(`/v1/projects/${encodeURIComponent(projectKey)}/report`, 'GET');
