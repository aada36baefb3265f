// Names used by the 1.x Connect version of the app. We keep them so drafts saved
// by the old version can still be found in Forge storage after the migration.
// Nothing here reads or writes browser storage.
export const localStorageKey = 'issue-notes:draft';
export const cookieName = 'issue_notes_tour_seen';

export const MAX_NOTE_LENGTH = 2000;
