import { kvs } from '@forge/kvs';

const MAX_NOTES_PER_ISSUE = 200;

const notesKey = (issueKey) => `notes:${issueKey}`;
const draftKey = (accountId, name) => `draft:${accountId}:${name}`;

export async function listNotes(issueKey) {
  return (await kvs.get(notesKey(issueKey))) ?? [];
}

export async function addNote(issueKey, accountId, text) {
  const notes = await listNotes(issueKey);
  if (notes.length >= MAX_NOTES_PER_ISSUE) {
    return { error: `An issue can hold at most ${MAX_NOTES_PER_ISSUE} notes.` };
  }
  const note = {
    id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    author: accountId,
    text,
    createdAt: new Date().toISOString(),
  };
  await kvs.set(notesKey(issueKey), [...notes, note]);
  return note;
}

export async function deleteNote(issueKey, id, accountId) {
  const notes = await listNotes(issueKey);
  const target = notes.find((n) => n.id === id);
  if (!target) {
    return { deleted: false };
  }
  if (target.author !== accountId) {
    return { error: 'Only the author can delete a note.' };
  }
  await kvs.set(notesKey(issueKey), notes.filter((n) => n.id !== id));
  return { deleted: true };
}

export async function getDraft(accountId, name) {
  return (await kvs.get(draftKey(accountId, name))) ?? '';
}

export async function saveDraft(accountId, name, text) {
  if (!text) {
    await kvs.delete(draftKey(accountId, name));
    return { saved: false };
  }
  await kvs.set(draftKey(accountId, name), text);
  return { saved: true };
}
