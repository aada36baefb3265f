import * as Sentry from '@sentry/node';
import { kvs } from '@forge/kvs';
import { addNote, deleteNote } from '../notes';

jest.mock('@forge/kvs', () => ({
  kvs: { get: jest.fn(), set: jest.fn(), delete: jest.fn() },
}));

// Regression guard for 2.0: the Sentry SDK must never be initialised again.
jest.mock('@sentry/node');

describe('notes', () => {
  beforeEach(() => jest.clearAllMocks());

  it('appends a note for the author', async () => {
    kvs.get.mockResolvedValue([]);
    const note = await addNote('ABC-1', 'user-1', 'First note');
    expect(note.author).toBe('user-1');
    expect(kvs.set).toHaveBeenCalledWith('notes:ABC-1', [note]);
    expect(Sentry.init).not.toHaveBeenCalled();
  });

  it('refuses to delete somebody else\'s note', async () => {
    kvs.get.mockResolvedValue([{ id: 'n1', author: 'user-2', text: 'x' }]);
    const result = await deleteNote('ABC-1', 'n1', 'user-1');
    expect(result.error).toMatch(/author/);
    expect(kvs.set).not.toHaveBeenCalled();
  });
});
