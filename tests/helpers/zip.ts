import yauzl from 'yauzl'
import { baseURL } from './client'

/** Every file of a ZIP held in memory, by name, as text (tests only). */
export async function unzipText(zip: Buffer): Promise<Map<string, string>> {
  const archive = await yauzl.fromBufferPromise(zip, { lazyEntries: true })
  const files = new Map<string, string>()
  await new Promise<void>((resolve, reject) => {
    archive.on('error', reject)
    archive.on('end', resolve)
    archive.on('entry', (entry: yauzl.Entry) => {
      archive.openReadStream(entry, (error, stream) => {
        if (error) return reject(error)
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('error', reject)
        stream.on('end', () => {
          files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'))
          archive.readEntry()
        })
      })
    })
    archive.readEntry()
  })
  return files
}

/** A download as bytes (the JSON helpers read bodies as text). */
export async function download(path: string, options: { cookie?: string, method?: string, json?: unknown } = {}): Promise<{ status: number, headers: Headers, bytes: Buffer }> {
  const headers: Record<string, string> = {}
  if (options.cookie) headers.cookie = options.cookie
  if (options.json !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(new URL(baseURL).origin + path, { method: options.method ?? 'GET', headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) })
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) }
}

/** The file names of a ZIP held in memory, from its central directory. */
export async function zipNames(zip: Buffer): Promise<string[]> {
  const archive = await yauzl.fromBufferPromise(zip, { lazyEntries: true })
  const names: string[] = []
  await new Promise<void>((resolve, reject) => {
    archive.on('error', reject)
    archive.on('end', resolve)
    archive.on('entry', (entry: yauzl.Entry) => {
      names.push(entry.fileName)
      archive.readEntry()
    })
    archive.readEntry()
  })
  return names
}
