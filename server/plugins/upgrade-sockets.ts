import { guardUpgradeSocket, upgradeSocketOf } from '#server/live/upgrade-socket'

// Every WebSocket handshake, whatever its path, gets an 'error' listener on its socket in the same
// tick as the 'upgrade' event (crossws calls the app-wide `upgrade` hook synchronously, before it
// looks up the route's hooks): a client that resets the connection is a closed socket, never an
// uncaughtException. Plugins run before the server creates its WebSocket adapter from these options.
export default defineNitroPlugin((nitroApp) => {
  const options = nitroApp.h3App.options
  const hooks = options.websocket?.hooks
  options.websocket = {
    ...options.websocket,
    hooks: {
      ...hooks,
      upgrade(request) {
        const socket = upgradeSocketOf(request)
        if (socket) guardUpgradeSocket(socket)
        return hooks?.upgrade?.(request)
      },
    },
  }
})
