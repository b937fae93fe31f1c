// Every keyboard shortcut of the app, as the `?` dialog lists them (one list, so the dialog and
// the code that handles the keys are read side by side).

export interface ShortcutGroup {
  title: string
  keys: { keys: string[], does: string }[]
}

export const SHORTCUTS: ShortcutGroup[] = [
  {
    title: 'Anywhere',
    keys: [
      { keys: ['?'], does: 'Show these shortcuts' },
      { keys: ['/'], does: 'Search the chats (on a project page)' },
      { keys: ['Escape'], does: 'Clear the search (in the search box)' },
    ],
  },
  {
    title: 'Chats table (one Tab stop)',
    keys: [
      { keys: ['↑', '↓'], does: 'Move between chats (↑ from the first reaches the column headers)' },
      { keys: ['←', '→'], does: 'Move between a row and its checkbox, link, keep and delete buttons' },
      { keys: ['Home', 'End'], does: 'First or last loaded chat' },
      { keys: ['PageUp', 'PageDown'], does: 'Ten chats up or down' },
      { keys: ['Space'], does: 'Select or unselect the chat' },
      { keys: ['Shift+↑', 'Shift+↓'], does: 'Extend the selection' },
      { keys: ['Ctrl+A'], does: 'Select every loaded chat' },
      { keys: ['Enter'], does: 'Open the chat' },
      { keys: ['p'], does: 'Keep the chat (a pin: left out of “Select all” deletes and retention), or no longer' },
      { keys: ['Delete'], does: 'Delete the selected chats (or the focused one), after confirming' },
      { keys: ['Escape'], does: 'Clear the selection' },
    ],
  },
  {
    title: 'A chat',
    keys: [
      { keys: ['j', 'Alt+↓'], does: 'Next chat of the project (as the sidebar lists them)' },
      { keys: ['k', 'Alt+↑'], does: 'Previous chat' },
      { keys: ['Ctrl+Enter'], does: 'Add the message being written' },
    ],
  },
]
