// The live sockets (docs/architecture.md, "Live connections: presence and events"): what the rest
// of the server uses of them. Routes serve the two socket endpoints and apply the v1 delete's rule;
// the database plugin starts the hub with the server on Postgres (its listener feeds the database's circuit breaker) and stops it before the pool closes; the upgrade-sockets plugin guards every
// handshake's socket. On PGlite the hub starts with the first handshake. Queries that change chats queue their notices through ./events directly.

export { chatHasActiveConnections, liveConnectionsRule } from './delete-rule'
export { livePresenceTtlSeconds } from './presence'
export { chatSocketHooks, userSocketHooks } from './endpoints'
export { startLiveHub, stopLiveHub } from './hub'
export { withUpgradeSocketGuard } from './upgrade-socket'
