import type { MessageRow } from '#shared/types/api'

/**
 * A chat opened from a search result (`?m=<message id>`): that message, if the chat holds it, is
 * `foundId` (the page highlights it) and is scrolled to the middle of the screen once the page is
 * shown (after the router's own scroll to the top, which waits for page:finish).
 */
export function useMessageAnchor(messages: Ref<MessageRow[]>) {
  const route = useRoute()
  const nuxtApp = useNuxtApp()
  const foundId = computed(() => {
    const id = Number(route.query.m)
    return Number.isInteger(id) && id > 0 && messages.value.some(message => message.id === id) ? id : null
  })

  function scrollToFound() {
    if (foundId.value === null) return
    requestAnimationFrame(() => document.querySelector(`[data-message-id="${foundId.value}"]`)?.scrollIntoView({ block: 'center' }))
  }

  onMounted(() => {
    scrollToFound()
    nuxtApp.hooks.hookOnce('page:finish', scrollToFound)
  })
  watch(foundId, scrollToFound)
  return { foundId }
}
