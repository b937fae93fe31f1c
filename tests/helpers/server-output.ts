import type { RunningServer } from '../../scripts/built-server'

/** Resolves once the server has printed `text` (at once if it already has). */
export function waitForOutput(server: RunningServer, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const streams = [server.child.stdout!, server.child.stderr!]
    const done = (error?: Error) => {
      for (const stream of streams) stream.off('data', check)
      server.child.off('exit', onExit)
      if (error) reject(error)
      else resolve()
    }
    // Registered after startBuiltServer's collector, so output() already holds the chunk.
    const check = () => {
      if (server.output().includes(text)) done()
    }
    const onExit = () => {
      if (server.output().includes(text)) done()
      else done(new Error(`server exited without printing "${text}":\n${server.output()}`))
    }
    for (const stream of streams) stream.on('data', check)
    server.child.on('exit', onExit)
    check()
  })
}
