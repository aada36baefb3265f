import React, { useEffect, useState } from 'react';
import { invoke } from '@forge/bridge';
import { track } from './tracking';

function StatusBar({ name, count, total }) {
  const width = total ? Math.round((count / total) * 100) : 0;
  return (
    <div className="status-row">
      <span>{name}</span>
      <div className="bar" style={{ width: `${width}%` }} />
      <span>{count}</span>
    </div>
  );
}

export default function App() {
  const [stats, setStats] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    invoke('getSprintStats')
      .then((result) => {
        if (result.error) {
          setError(result.error);
        } else {
          setStats(result);
          track('Dashboard Viewed', { issues: result.total });
        }
      })
      .catch(() => setError('Could not reach the app backend.'));
  }, []);

  if (error) {
    return <p role="alert">{error}</p>;
  }
  if (!stats) {
    return <p>Calculating sprint health…</p>;
  }

  return (
    <section>
      <h2>Sprint health</h2>
      <p>{stats.total} issues in open sprints, {stats.unassigned} unassigned.</p>
      {Object.entries(stats.byStatus).map(([name, count]) => (
        <StatusBar key={name} name={name} count={count} total={stats.total} />
      ))}
      <button onClick={() => track('Refresh Clicked')}>Refresh</button>
    </section>
  );
}
