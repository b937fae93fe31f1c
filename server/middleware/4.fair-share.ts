import { enforceFairShare } from '#server/overload'

// One account's flood gets 429 at once instead of taking every pooled connection (server/overload/).
export default defineEventHandler(event => enforceFairShare(event))
