import type { ChatRow } from '#shared/types/api'

const PHONE = '(max-width: 720px)'

/**
 * The chat page's ways to the next chat: the sidebar (shown or hidden; on a phone a drawer that
 * closes once a chat is picked) and the keys `j`/`k` and Alt+↓/↑ (next / previous in the
 * sidebar's list).
 */
export function useChatNavigation(chatId: Ref<number>, projectId: Ref<number | undefined>, neighbours: { previous: Ref<ChatRow | undefined>, next: Ref<ChatRow | undefined> }) {
  /** null: the screen decides (shown on wide screens, a closed drawer on phones). */
  const sidebar = ref<boolean | null>(null)
  // As the server rendered it (shown) until mounted, then as the screen says.
  const hydrated = useHydrated()
  const sidebarShown = computed(() => sidebar.value ?? (hydrated.value ? !window.matchMedia(PHONE).matches : true))

  function toggleSidebar() {
    sidebar.value = !sidebarShown.value
  }

  watch(chatId, () => {
    if (import.meta.client && window.matchMedia(PHONE).matches) sidebar.value = null
  })

  function go(chat: ChatRow | undefined) {
    if (chat) navigateTo(`/chats/${chat.id}?project=${projectId.value}`)
  }

  useShortcut(event => !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === 'j' || event.key === 'k'), event => go(event.key === 'j' ? neighbours.next.value : neighbours.previous.value))
  useShortcut(event => event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp'), event => go(event.key === 'ArrowDown' ? neighbours.next.value : neighbours.previous.value))

  return { sidebar, sidebarShown, toggleSidebar }
}
