import React, { useEffect, useState } from 'react';
import { invoke, requestJira, view } from '@forge/bridge';

export default function App() {
  const [report, setReport] = useState(null);
  const [comments, setComments] = useState(null);

  useEffect(() => {
    invoke('getReport').then(setReport);
    view.getContext().then(async (ctx) => {
      // Runs in the browser as the current user: still a read.
      const res = await requestJira(`/rest/api/3/issue/${ctx.extension.issue.key}/comment?maxResults=0`);
      const body = await res.json();
      setComments(body.total);
    });
  }, []);

  if (!report) {
    return <p>Loading…</p>;
  }
  return (
    <section>
      <h2>{report.summary}</h2>
      <p>{report.changes} changes, {comments ?? '…'} comments</p>
      <p>{report.newUsers} users joined since the app was installed.</p>
    </section>
  );
}
