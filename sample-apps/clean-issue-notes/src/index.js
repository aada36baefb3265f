import Resolver from '@forge/resolver';
import api, { route } from '@forge/api';
import { listNotes, addNote, deleteNote, getDraft, saveDraft } from './notes';

// we removed Sentry in 2.0; failures are logged to the Forge developer console instead.

const resolver = new Resolver();

// Custom field 10042 is the "Analytics board" picker some customers use to route
// issues to their reporting team. We only show its value next to the notes.
const ANALYTICS_BOARD_FIELD = 'customfield_10042';

resolver.define('getIssueContext', async ({ context }) => {
  const issueKey = context.extension.issue.key;
  const response = await api
    .asApp()
    .requestJira(route`/rest/api/3/issue/${issueKey}?fields=summary,${ANALYTICS_BOARD_FIELD}`);

  if (!response.ok) {
    console.error(`Could not load ${issueKey}: ${response.status}`);
    return { issueKey, summary: null, board: null };
  }

  const { fields } = await response.json();
  return {
    issueKey,
    summary: fields.summary,
    board: fields.customfield_10042 /* analytics */?.value ?? null,
  };
});

resolver.define('listNotes', async ({ context }) => listNotes(context.extension.issue.key));

resolver.define('addNote', async ({ payload, context }) => {
  const text = String(payload.text ?? '').trim();
  if (!text) {
    return { error: 'A note cannot be empty.' };
  }
  return addNote(context.extension.issue.key, context.accountId, text);
});

resolver.define('deleteNote', async ({ payload, context }) =>
  deleteNote(context.extension.issue.key, payload.id, context.accountId),
);

resolver.define('getDraft', async ({ payload, context }) =>
  getDraft(context.accountId, payload.draftKey),
);

resolver.define('saveDraft', async ({ payload, context }) =>
  saveDraft(context.accountId, payload.draftKey, payload.text),
);

export const handler = resolver.getDefinitions();
