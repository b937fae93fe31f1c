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
    ],
  },
  {
    title: 'Chats table (one Tab stop)',
    keys: [
      { keys: ['↑', '↓'], does: 'Move between chats (↑ from the first reaches the column headers)' },
      { keys: ['←', '→'], does: 'Move between a row and its checkbox, link and delete button' },
      { keys: ['Home', 'End'], does: 'First or last loaded chat' },
      { keys: ['PageUp', 'PageDown'], does: 'Ten chats up or down' },
      { keys: ['Space'], does: 'Select or unselect the chat' },
      { keys: ['Shift+↑', 'Shift+↓'], does: 'Extend the selection' },
      { keys: ['Ctrl+A'], does: 'Select every loaded chat' },
      { keys: ['Enter'], does: 'Open the chat' },
      { keys: ['Delete'], does: 'Delete the selected chats (or the focused one), after confirming' },
      { keys: ['Escape'], does: 'Clear the selection' },
    ],
  },
]
