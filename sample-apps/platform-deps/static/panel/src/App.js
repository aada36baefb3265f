import React, { useEffect, useState } from 'react';
import Button from '@atlaskit/button';
import { invoke, view } from '@forge/bridge';

export default function App() {
  const [changes, setChanges] = useState([]);

  useEffect(() => {
    view.getContext().then((context) =>
      invoke('history', { issueKey: context.extension.issue.key }).then(setChanges)
    );
  }, []);

  return (
    <div>
      <p>{changes.length} recorded changes</p>
      <Button onClick={() => setChanges([])}>Clear view</Button>
    </div>
  );
}
