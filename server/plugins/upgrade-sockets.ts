import { withUpgradeSocketGuard } from '#server/live'

// Every WebSocket handshake's socket gets an 'error' listener at once (server/live/upgrade-socket.ts):
// a client that resets the connection is a closed socket, never an uncaughtException. Plugins run
// before the server builds its WebSocket adapter from these options.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.h3App.options.websocket = withUpgradeSocketGuard(nitroApp.h3App.options.websocket)
})
