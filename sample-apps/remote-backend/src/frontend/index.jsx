import React, { useState } from 'react';
import ForgeReconciler, { Button, DynamicTable, Heading, Stack, Text, Textfield } from '@forge/react';
import { invoke } from '@forge/bridge';

const head = {
  cells: [
    { key: 'who', content: 'Assignee' },
    { key: 'hours', content: 'Hours logged' },
    { key: 'trend', content: 'vs. previous period' },
  ],
};

const App = () => {
  const [projectKey, setProjectKey] = useState('');
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);

  const refresh = async () => {
    setError(null);
    try {
      setReport(await invoke('refresh', { projectKey: projectKey.trim().toUpperCase(), days: 30 }));
    } catch (e) {
      setError('The report could not be built. Check the project key and try again.');
    }
  };

  const rows = (report?.people ?? []).map((p) => ({
    key: p.accountId ?? 'unassigned',
    cells: [
      { key: 'who', content: p.displayName ?? 'Unassigned' },
      { key: 'hours', content: (p.seconds / 3600).toFixed(1) },
      { key: 'trend', content: `${p.trendPercent > 0 ? '+' : ''}${p.trendPercent}%` },
    ],
  }));

  return (
    <Stack space="space.200">
      <Heading as="h2">Time Insights</Heading>
      <Textfield placeholder="Project key" value={projectKey} onChange={(e) => setProjectKey(e.target.value)} />
      <Button appearance="primary" onClick={refresh} isDisabled={!projectKey}>Build report</Button>
      {error && <Text>{error}</Text>}
      {report && <DynamicTable head={head} rows={rows} />}
    </Stack>
  );
};

ForgeReconciler.render(
  <React.StrictMode>
    <App />
  </React.StrictMode>,
);
