import React, { useEffect, useState } from 'react';
import ForgeReconciler, { DynamicTable, Heading, Lozenge, SectionMessage, Spinner, Text } from '@forge/react';
import { invoke } from '@forge/bridge';

const APPEARANCE = { overdue: 'removed', 'due-soon': 'moved', 'on-track': 'success', unscheduled: 'default' };

const head = {
  cells: [
    { key: 'name', content: 'Version' },
    { key: 'date', content: 'Release date' },
    { key: 'state', content: 'State' },
  ],
};

const App = () => {
  const [report, setReport] = useState(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    invoke('getReport').then(setReport).catch(() => setFailed(true));
  }, []);

  if (failed) {
    return <SectionMessage appearance="error"><Text>Could not load the release report.</Text></SectionMessage>;
  }
  if (!report) {
    return <Spinner label="Loading versions" />;
  }

  const rows = report.map((v) => ({
    key: v.id,
    cells: [
      { key: 'name', content: v.name },
      { key: 'date', content: v.releaseDate ?? '—' },
      { key: 'state', content: <Lozenge appearance={APPEARANCE[v.state]}>{v.state}</Lozenge> },
    ],
  }));

  return (
    <>
      <Heading as="h2">Unreleased versions</Heading>
      <DynamicTable head={head} rows={rows} emptyView="No unreleased versions." />
    </>
  );
};

ForgeReconciler.render(
  <React.StrictMode>
    <App />
  </React.StrictMode>,
);
