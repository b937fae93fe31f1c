import { promisify } from 'node:util'
import { crc32, inflateRaw } from 'node:zlib'
import yauzl from 'yauzl'
import { ImportInputError } from './issues'

// Reading an import's ZIP, held in memory (the body, capped by IMPORT_MAX_BYTES). yauzl reads the
// structure (the central directory, each local header); node's zlib inflates, one call per file.
// The file count is checked before any entry is listed. One budget (IMPORT_MAX_UNCOMPRESSED_BYTES)
// is shared by every file read: a file that says it is larger than what is left is refused unread,
// and what it says is never trusted further — zlib's output is capped one byte past it, so a file
// that inflates beyond its word stops there (a ZIP bomb costs at most the budget). Its size and
// CRC-32 must then match its entry.

export interface ZipLimits {
  maxFiles: number
  maxUncompressedBytes: number
}

/** What is left to inflate, shared by the files one reading of the ZIP inflates. */
export interface Budget {
  left: number
  readonly max: number
}

export interface ZipEntry {
  name: string
  /** Inflates the file within what is left of `budget`, and takes it from there. */
  read: (budget: Budget) => Promise<Buffer>
}

const inflate = promisify(inflateRaw)
const STORED = 0
const DEFLATED = 8

export function newBudget(limits: ZipLimits): Budget {
  return { left: limits.maxUncompressedBytes, max: limits.maxUncompressedBytes }
}

/** Every entry of the ZIP, in its order (listed once; read as often as needed). Any fault is an ImportInputError. */
export async function listZip(bytes: Buffer, limits: ZipLimits): Promise<ZipEntry[]> {
  const zip = await openZip(bytes)
  if (zip.entryCount > limits.maxFiles) {
    throw new ImportInputError([{ code: 'too_many_files', message: `The ZIP holds ${zip.entryCount} files; an import takes at most ${limits.maxFiles}`, path: [] }])
  }
  const entries: ZipEntry[] = []
  try {
    for await (const entry of zip.eachEntry()) entries.push({ name: entry.fileName, read: budget => readEntry(zip, bytes, entry, budget) })
  }
  catch (error) {
    throw damaged(undefined, error)
  }
  return entries
}

async function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: true })
  }
  catch (error) {
    throw new ImportInputError([{ code: 'not_a_zip', message: `The body is not a ZIP file (${reasonOf(error)})`, path: [] }])
  }
}

async function readEntry(zip: yauzl.ZipFile, bytes: Buffer, entry: yauzl.Entry, budget: Budget): Promise<Buffer> {
  const name = entry.fileName
  if (entry.isEncrypted()) throw damaged(name, new Error('it is encrypted'))
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) throw damaged(name, new Error(`compression method ${entry.compressionMethod} is not supported`))
  // What the ZIP claims only refuses early; the cap on zlib's output is what holds.
  if (entry.uncompressedSize > budget.left) throw tooLarge(name, budget.max)
  let start: number
  try {
    start = (await zip.readLocalFileHeaderPromise(entry, { minimal: true })).fileDataStart
  }
  catch (error) {
    throw damaged(name, error)
  }
  if (start + entry.compressedSize > bytes.length) throw damaged(name, new Error('its data runs past the end of the ZIP'))
  const data = bytes.subarray(start, start + entry.compressedSize)
  let content: Buffer
  if (entry.compressionMethod === STORED) {
    content = data
  }
  else {
    try {
      // One byte past what it says (which fits the budget): zlib stops a file that lies there.
      content = await inflate(data, { maxOutputLength: entry.uncompressedSize + 1 })
    }
    catch (error) {
      throw damaged(name, error instanceof RangeError ? new Error(`it unpacks to more than the ${entry.uncompressedSize} bytes it says`) : error)
    }
  }
  if (content.length !== entry.uncompressedSize) throw damaged(name, new Error(`it unpacks to ${content.length} bytes, not the ${entry.uncompressedSize} it says`))
  budget.left -= content.length
  if (crc32(content) !== entry.crc32) throw damaged(name, new Error('its CRC-32 does not match'))
  return content
}

function tooLarge(name: string, max: number) {
  return new ImportInputError([{ code: 'too_large', message: `${name}: the ZIP unpacks to more than ${max} bytes (IMPORT_MAX_UNCOMPRESSED_BYTES)`, path: [name] }])
}

function damaged(name: string | undefined, error: unknown) {
  const where = name === undefined ? 'The ZIP' : name
  return new ImportInputError([{ code: 'damaged_zip', message: `${where}: cannot be read (${reasonOf(error)})`, path: name === undefined ? [] : [name] }])
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
