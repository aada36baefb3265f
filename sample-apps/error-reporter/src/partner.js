// Lets the partner's release calendar show overdue Jira versions.
export async function notifyPartner(projectKey, overdue) {
  if (overdue.length === 0) {
    return false;
  }
  const response = await fetch('https://hooks.example-partner.com/notify', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      project: projectKey,
      versions: overdue.map(({ name, releaseDate }) => ({ name, releaseDate })),
      sentAt: new Date().toISOString(),
    }),
  });
  if (!response.ok) {
    throw new Error(`Partner hook returned ${response.status}`);
  }
  return true;
}
