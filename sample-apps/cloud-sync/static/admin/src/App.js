import React, { useEffect, useState } from 'react';
import { invoke } from '@forge/bridge';

export default function App() {
  const [config, setConfig] = useState(null);
  const [token, setToken] = useState('');
  const [message, setMessage] = useState(null);

  useEffect(() => {
    invoke('getConfig').then(setConfig);
  }, []);

  const update = (field) => (e) =>
    setConfig({ ...config, [field]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });

  const onSave = async (e) => {
    e.preventDefault();
    const result = await invoke('saveConfig', config);
    if (result.error) {
      setMessage(result.error);
      return;
    }
    if (token) {
      await invoke('setAirtableToken', { token });
      setToken('');
    }
    setConfig(result.config);
    setMessage('Settings saved.');
  };

  if (!config) {
    return <p>Loading settings…</p>;
  }

  return (
    <form onSubmit={onSave}>
      <h2>Cloud Sync</h2>
      <label>
        <input type="checkbox" checked={config.enabled} onChange={update('enabled')} /> Sync issues
      </label>
      <label>S3 bucket <input value={config.bucket} onChange={update('bucket')} /></label>
      <label>Key prefix <input value={config.prefix} onChange={update('prefix')} /></label>
      <label>Airtable base ID <input value={config.airtableBaseId} onChange={update('airtableBaseId')} /></label>
      <label>Airtable table <input value={config.airtableTable} onChange={update('airtableTable')} /></label>
      <label>
        Airtable token <input type="password" value={token} onChange={(e) => setToken(e.target.value)} />
      </label>
      <button type="submit">Save</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
