import React, { useEffect, useState } from 'react';
import { invoke, requestJira } from '@forge/bridge';
import NoteIcon from './NoteIcon';
import { localStorageKey, MAX_NOTE_LENGTH } from './constants';

export default function App() {
  const [issue, setIssue] = useState(null);
  const [notes, setNotes] = useState([]);
  const [draft, setDraft] = useState('');
  const [commentCount, setCommentCount] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    (async () => {
      try {
        const ctx = await invoke('getIssueContext');
        setIssue(ctx);
        setNotes(await invoke('listNotes'));
        setDraft(await invoke('getDraft', { draftKey: localStorageKey }));

        const res = await requestJira(`/rest/api/3/issue/${ctx.issueKey}/comment?maxResults=0`);
        if (res.ok) {
          setCommentCount((await res.json()).total);
        }
      } catch (e) {
        setError('Could not load notes. Reload the issue to try again.');
      }
    })();
  }, []);

  const onSave = async () => {
    const result = await invoke('addNote', { text: draft });
    if (result.error) {
      setError(result.error);
      return;
    }
    setNotes([...notes, result]);
    setDraft('');
    await invoke('saveDraft', { draftKey: localStorageKey, text: '' });
  };

  const onDraftChange = (text) => {
    setDraft(text.slice(0, MAX_NOTE_LENGTH));
    invoke('saveDraft', { draftKey: localStorageKey, text });
  };

  if (!issue) {
    return <p>Loading notes…</p>;
  }

  return (
    <div>
      <h4><NoteIcon /> Notes for {issue.issueKey}</h4>
      {issue.board && <p>Analytics board: {issue.board}</p>}
      {commentCount !== null && <p>{commentCount} Jira comments on this issue.</p>}
      {error && <p role="alert">{error}</p>}
      <ul>
        {notes.map((n) => (
          <li key={n.id}>{n.text}</li>
        ))}
      </ul>
      <textarea value={draft} onChange={(e) => onDraftChange(e.target.value)} />
      <button onClick={onSave} disabled={!draft.trim()}>Add note</button>
    </div>
  );
}
