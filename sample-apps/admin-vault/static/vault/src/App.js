import React, { useEffect, useState } from 'react';
import { invoke, router } from '@forge/bridge';

const VAULT_KEY = process.env.REACT_APP_VAULT_KEY;
const SITE_TITLE = process.env.REACT_APP_TITLE;

export default function App() {
  const [status, setStatus] = useState(null);

  useEffect(() => {
    invoke('getStatus').then(setStatus);
  }, []);

  const openHelp = () => router.open('https://help.keyvault.example.com/docs/forge');
  const upgrade = () => {
    window.location.href = `https://billing.keyvault.example.com/upgrade?key=${VAULT_KEY}`;
  };

  return (
    <div>
      <h1>{SITE_TITLE}</h1>
      <p>{status?.configured ? 'Connected' : 'Not connected'}</p>
      <button onClick={openHelp}>Help</button>
      <button onClick={upgrade}>Upgrade</button>
    </div>
  );
}
