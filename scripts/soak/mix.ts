import type autocannon from 'autocannon'
import type { SoakUserData } from './seed'

// The soak's request mix and its bookkeeping. Each autocannon connection asks `next()` for a
// request, which also says what answer it must get; `record()` checks the answer and keeps what
// the database must show at the end: exactly the chats each user deleted with a 200, exactly the
// messages each user's trims reported.

export interface SoakUser {
  id: number
  cookie: string
  data: SoakUserData
}

type Kind = 'list' | 'messages' | 'projects' | 'delete-batch' | 'delete-one' | 'trim' | 'cross-user'

export interface Action {
  kind: Kind
  user: SoakUser
  request: autocannon.Request
  /** Statuses that are right for this request; anything else is counted as unexpected. */
  expected: number[]
  chatIds?: number[]
  trimChatId?: number
}

const WEIGHTS: [Kind, number][] = [
  ['list', 28], ['messages', 14], ['projects', 5], ['delete-batch', 14], ['delete-one', 10], ['trim', 19], ['cross-user', 10],
]
const TOTAL_WEIGHT = WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0)
const ORDERS = ['updated_at:desc', 'name:asc,created_at:desc', 'id:asc', 'model:desc,name:asc']

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!
}

export class SoakMix {
  readonly counts = new Map<string, number>()
  readonly unexpected: string[] = []
  /** Chats each user deleted, from 200 answers. */
  readonly deletedBy = new Map<number, Set<number>>()
  /** Messages each trim chat lost, from 200 answers. */
  readonly trimmedFrom = new Map<number, number>()
  crossUserSuccesses = 0
  unexpectedCount = 0
  /**
   * Sent and not answered yet. autocannon stops at the deadline without reading the answers in
   * flight, which the server may still carry out: at the end these are the requests whose effect
   * is unknown — each must then be wholly applied or not at all.
   */
  readonly inFlight = new Set<Action>()
  private readonly pending = new Map<number, number[]>()

  /** `users` act; `bystanders` never do, but are attacked like the others. */
  constructor(readonly users: SoakUser[], readonly bystanders: SoakUser[] = []) {
    for (const user of users) {
      this.deletedBy.set(user.id, new Set())
      // Each chat is handed out once: two connections never delete the same chat, so a legitimate
      // delete must answer 200.
      for (const [projectId, ids] of user.data.deletable) this.pending.set(projectId, [...ids].sort(() => Math.random() - 0.5))
    }
  }

  next(): Action {
    const action = this.choose()
    this.inFlight.add(action)
    return action
  }

  private choose(): Action {
    let roll = Math.random() * TOTAL_WEIGHT
    const kind = WEIGHTS.find(([, weight]) => (roll -= weight) < 0)![0]
    const user = pick(this.users)
    const headers = { 'cookie': user.cookie, 'accept': 'application/json', 'content-type': 'application/json' }
    const projectId = pick(user.data.projectIds)
    const base = `/api/users/${user.id}`
    switch (kind) {
      case 'list':
        return { kind, user, expected: [200], request: { method: 'GET', path: `${base}/projects/${projectId}/chats?order_by=${encodeURIComponent(pick(ORDERS))}`, headers } }
      case 'projects':
        return { kind, user, expected: [200], request: { method: 'GET', path: `${base}/projects`, headers } }
      case 'messages': {
        const chatId = pick([...user.data.trimmable.keys()])
        return { kind, user, expected: [200], request: { method: 'GET', path: `${base}/chats/${chatId}/messages`, headers } }
      }
      case 'delete-batch':
      case 'delete-one': {
        const queue = this.pending.get(projectId)!
        const chatIds = queue.splice(0, kind === 'delete-one' ? 1 : 2 + Math.floor(Math.random() * 6))
        if (chatIds.length === 0) return { kind: 'list', user, expected: [200], request: { method: 'GET', path: `${base}/projects/${projectId}/chats`, headers } }
        const request: autocannon.Request = kind === 'delete-one'
          ? { method: 'DELETE', path: `${base}/projects/${projectId}/chats/${chatIds[0]}`, headers }
          : { method: 'DELETE', path: `${base}/projects/${projectId}/chats`, headers, body: JSON.stringify({ chat_ids: chatIds }) }
        return { kind, user, expected: [200], request, chatIds }
      }
      case 'trim': {
        const trimChatId = pick([...user.data.trimmable.keys()])
        // 400: the chat has been trimmed down to nothing.
        return { kind, user, expected: [200, 400], request: { method: 'DELETE', path: `${base}/chats/${trimChatId}/messages/last`, headers }, trimChatId }
      }
      case 'cross-user': {
        const victim = pick([...this.users, ...this.bystanders].filter(other => other.id !== user.id))
        const victimProject = pick(victim.data.projectIds)
        const victimChats = [...victim.data.deletable.get(victimProject)!.slice(0, 3), ...victim.data.trimmable.keys()].slice(0, 4)
        const attempts: autocannon.Request[] = [
          // Own path, the victim's ids: not found. The victim's path with one's own cookie: 401.
          { method: 'DELETE', path: `${base}/projects/${projectId}/chats`, headers, body: JSON.stringify({ chat_ids: victimChats }) },
          { method: 'DELETE', path: `/api/users/${victim.id}/projects/${victimProject}/chats`, headers, body: JSON.stringify({ chat_ids: victimChats }) },
          { method: 'DELETE', path: `${base}/chats/${victimChats.at(-1)}/messages/last`, headers },
          { method: 'GET', path: `/api/users/${victim.id}/chats/${victimChats[0]}/messages`, headers },
        ]
        return { kind, user, expected: [401, 404], request: pick(attempts) }
      }
    }
  }

  record(action: Action, status: number, body: string): void {
    this.inFlight.delete(action)
    const key = `${action.kind} ${status}`
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
    if (!action.expected.includes(status)) {
      this.unexpectedCount++
      if (this.unexpected.length < 20) this.unexpected.push(`${action.request.method} ${action.request.path} → ${status} ${body.slice(0, 200)}`)
    }
    if (status < 200 || status >= 300) return
    if (action.kind === 'cross-user') this.crossUserSuccesses++
    if (action.chatIds) for (const id of action.chatIds) this.deletedBy.get(action.user.id)!.add(id)
    if (action.trimChatId !== undefined) {
      const answer = JSON.parse(body) as { deletedSuccessfully?: number[], maybeAssistantMessageToDelete?: unknown, maybeUserMessageToDelete?: unknown }
      const removed = answer.deletedSuccessfully?.length ?? (answer.maybeAssistantMessageToDelete ? 1 : 0) + (answer.maybeUserMessageToDelete ? 1 : 0)
      this.trimmedFrom.set(action.trimChatId, (this.trimmedFrom.get(action.trimChatId) ?? 0) + removed)
    }
  }
}
