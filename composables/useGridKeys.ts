/** The focusable items of a row besides the row itself, in reading order (checkbox, link, keep and delete buttons). */
const CONTROLS = 'input, a, button'
/** Rows a PageUp / PageDown moves. */
const PAGE_ROWS = 10

export interface GridKeyActions {
  /** Space on a row (not on its checkbox, which toggles natively): toggles it; with Shift the range from the last row touched. */
  toggle: (index: number, range: boolean) => void
  /** Shift+↑/↓: the selection grows (or shrinks) from `from` to `to`. */
  extend: (from: number, to: number) => void
  /** Enter on a row. */
  open: (index: number) => void
  /** Delete: the selection, or the focused row when nothing is selected. */
  remove: (index: number) => void
  /** p: keep the row's chat (a pin), or no longer. */
  keep: (index: number) => void
  /** Escape. */
  clear: () => void
  /** Ctrl/⌘+A. */
  selectAll: () => void
}

/**
 * The ARIA grid pattern for the chats table: one tab stop (a roving tabindex), the arrow keys move
 * between rows (↑ from the first row reaches the header's controls) and ←/→ between a row and its
 * controls, Home/End and PageUp/PageDown jump. Rows are numbered from 0; the header is row -1.
 * The table renders a window of its rows (useRowWindow): a row out of the window is scrolled
 * towards until it is rendered, and the tab stop falls back to the window's first row.
 */
export function useGridKeys(table: Ref<HTMLElement | undefined>, count: () => number, windowStart: Ref<number>, actions: GridKeyActions) {
  const row = ref(0)
  const col = ref(0)

  function rowElement(index: number): HTMLElement | null {
    return table.value?.querySelector<HTMLElement>(`tbody tr[data-index="${index}"]`) ?? null
  }

  function itemsOf(index: number): HTMLElement[] {
    if (!table.value) return []
    // The header's shown controls (a phone hides the sort buttons: the toolbar's select sorts there).
    if (index === -1) return [...table.value.querySelectorAll<HTMLElement>(`thead ${CONTROLS}`)].filter(item => !(item as HTMLInputElement).disabled && item.getClientRects().length > 0)
    const element = rowElement(index)
    return element ? [element, ...element.querySelectorAll<HTMLElement>(CONTROLS)] : []
  }

  /** The row holding the tab stop: the focused one while it is rendered (or nothing is loaded), else the window's first. */
  const stopRow = computed(() => {
    if (row.value === -1 || count() === 0) return -1
    return row.value >= windowStart.value && row.value < count() ? row.value : windowStart.value
  })

  /** 0 for the one item that is the table's tab stop, -1 for every other (rows and their controls). */
  function tabIndex(index: number, item: number): 0 | -1 {
    const stopCol = stopRow.value === row.value ? col.value : 0
    return index === stopRow.value && item === stopCol ? 0 : -1
  }

  async function focusAt(index: number, item: number) {
    row.value = index
    col.value = item
    // A row outside the rendered window: scroll towards it until the window reaches it.
    for (let attempt = 0; attempt < 20 && index >= 0 && !rowElement(index); attempt++) {
      const rendered = table.value?.querySelectorAll<HTMLElement>('tbody tr[data-index]')
      const last = rendered?.[rendered.length - 1]
      const beyond = Number(last?.dataset.index ?? -1) < index ? last : rendered?.[0]
      beyond?.scrollIntoView({ block: 'center' })
      await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))
      await nextTick()
    }
    await nextTick()
    const items = itemsOf(index)
    items[Math.min(item, items.length - 1)]?.focus()
  }

  /** Keeps the stop where focus is, whether it came by key, click or Tab. */
  function onFocusin(event: FocusEvent) {
    const target = event.target as HTMLElement
    const element = target.closest<HTMLElement>('tbody tr[data-index], thead tr')
    if (!element) return
    const index = element.dataset.index === undefined ? -1 : Number(element.dataset.index)
    const item = itemsOf(index).indexOf(target)
    if (item === -1) return
    row.value = index
    col.value = item
  }

  /** Header and rows have different items: a row and its checkbox sit under select-all, its link under the name's sort button. */
  function itemAcross(from: number, to: number, item: number) {
    if (from === -1 && to >= 0) return item === 1 ? 2 : 0
    if (from >= 0 && to === -1) return item === 2 ? 1 : 0
    return item
  }

  function moveTo(next: number, event: KeyboardEvent) {
    event.preventDefault()
    const last = count() - 1
    const target = Math.max(-1, Math.min(last, next))
    if (target === row.value) return
    if (event.shiftKey && row.value >= 0 && target >= 0) actions.extend(row.value, target)
    void focusAt(target, itemAcross(row.value, target, col.value))
  }

  function onKeydown(event: KeyboardEvent) {
    const target = event.target as HTMLElement
    const onRow = row.value >= 0
    const ctrl = event.ctrlKey || event.metaKey
    switch (event.key) {
      case 'ArrowDown': return moveTo(row.value + 1, event)
      case 'ArrowUp': return moveTo(row.value - 1, event)
      case 'PageDown': return moveTo(row.value + PAGE_ROWS, event)
      case 'PageUp': return moveTo(Math.max(0, row.value - PAGE_ROWS), event)
      case 'Home': return moveTo(0, event)
      case 'End': return moveTo(count() - 1, event)
      case 'ArrowRight':
      case 'ArrowLeft': {
        event.preventDefault()
        const items = itemsOf(row.value)
        const next = Math.max(0, Math.min(items.length - 1, col.value + (event.key === 'ArrowRight' ? 1 : -1)))
        return void focusAt(row.value, next)
      }
      case ' ':
        // A checkbox toggles itself (its click handler knows Shift); a header button sorts.
        if (!onRow || target instanceof HTMLInputElement) return
        event.preventDefault()
        return actions.toggle(row.value, event.shiftKey)
      case 'Enter':
        if (onRow && target === rowElement(row.value)) {
          event.preventDefault()
          actions.open(row.value)
        }
        else if (onRow && target instanceof HTMLInputElement) {
          event.preventDefault()
          actions.toggle(row.value, event.shiftKey)
        }
        return
      case 'Delete':
        if (!onRow) return
        event.preventDefault()
        return actions.remove(row.value)
      case 'Escape':
        return actions.clear()
      case 'p':
      case 'P':
        if (!onRow || ctrl || event.altKey) return
        event.preventDefault()
        return actions.keep(row.value)
      case 'a':
      case 'A':
        if (!ctrl) return
        event.preventDefault()
        return actions.selectAll()
    }
  }

  return { tabIndex, onKeydown, onFocusin }
}
