import { crc32, deflateRawSync } from 'node:zlib'

// A ZIP writer for exports of any size, built while it is sent. Each file is added whole (a chat's
// JSON or Markdown: its size and CRC are known before its header is written, so no data
// descriptors), deflated at level 1, and comes back as the bytes to send. Only the central
// directory stays in memory until the end: about 100 bytes per file, kept as a few large Buffers.
// Zip64 records are written when the file count or an offset needs them, so a 100,000-chat
// project (200,000 files) opens in every unzip tool and in yauzl.
//
// Why not yazl: it rescans its list of entries from the start for every entry it writes and keeps
// every entry's data until the end (20,000 files took 31 s and 300 MB, 40,000 took 91 s), so it
// cannot stream 200,000 files with flat memory.

const UINT32_MAX = 0xFFFFFFFF
const UINT16_MAX = 0xFFFF
const UTF8_NAMES = 0x0800
const DEFLATE = 8
const STORE = 0
/** Deflate only pays off beyond a few bytes; level 1 keeps the export CPU-bound at tens of MB/s. */
const DEFLATE_LEVEL = 1
const CENTRAL_BATCH_BYTES = 1 << 20

function dosDateTime(date: Date): { time: number, date: number } {
  const year = Math.max(1980, Math.min(2107, date.getUTCFullYear()))
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  }
}

export class ZipWriter {
  /** Bytes handed out so far: the next local header's offset. */
  private offset = 0
  private files = 0
  private central: Buffer[] = []
  private pending: Buffer[] = []
  private pendingBytes = 0
  private centralBytes = 0
  private readonly stamp: { time: number, date: number }

  constructor(modified = new Date()) {
    this.stamp = dosDateTime(modified)
  }

  get fileCount(): number {
    return this.files
  }

  /** One file's local header and data, to send now. */
  add(name: string, content: Buffer): Buffer {
    const nameBytes = Buffer.from(name, 'utf8')
    const deflated = content.length > 64 ? deflateRawSync(content, { level: DEFLATE_LEVEL }) : undefined
    const method = deflated && deflated.length < content.length ? DEFLATE : STORE
    const data = method === DEFLATE ? deflated! : content
    const crc = crc32(content)
    const header = Buffer.alloc(30)
    header.writeUInt32LE(0x04034B50, 0)
    header.writeUInt16LE(20, 4)
    header.writeUInt16LE(UTF8_NAMES, 6)
    header.writeUInt16LE(method, 8)
    header.writeUInt16LE(this.stamp.time, 10)
    header.writeUInt16LE(this.stamp.date, 12)
    header.writeUInt32LE(crc, 14)
    header.writeUInt32LE(data.length, 18)
    header.writeUInt32LE(content.length, 22)
    header.writeUInt16LE(nameBytes.length, 26)
    header.writeUInt16LE(0, 28)
    this.record(nameBytes, method, crc, data.length, content.length, this.offset)
    const out = Buffer.concat([header, nameBytes, data])
    this.offset += out.length
    this.files++
    return out
  }

  /** The central directory and the end records: the last bytes of the archive. */
  finish(): Buffer {
    this.flushCentral()
    const centralStart = this.offset
    const centralSize = this.centralBytes
    const zip64 = this.files >= UINT16_MAX || centralStart >= UINT32_MAX || centralSize >= UINT32_MAX
    const tail: Buffer[] = [...this.central]
    if (zip64) {
      const record = Buffer.alloc(56)
      record.writeUInt32LE(0x06064B50, 0)
      record.writeBigUInt64LE(44n, 4)
      record.writeUInt16LE(45, 12)
      record.writeUInt16LE(45, 14)
      record.writeUInt32LE(0, 16)
      record.writeUInt32LE(0, 20)
      record.writeBigUInt64LE(BigInt(this.files), 24)
      record.writeBigUInt64LE(BigInt(this.files), 32)
      record.writeBigUInt64LE(BigInt(centralSize), 40)
      record.writeBigUInt64LE(BigInt(centralStart), 48)
      const locator = Buffer.alloc(20)
      locator.writeUInt32LE(0x07064B50, 0)
      locator.writeUInt32LE(0, 4)
      locator.writeBigUInt64LE(BigInt(centralStart + centralSize), 8)
      locator.writeUInt32LE(1, 16)
      tail.push(record, locator)
    }
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054B50, 0)
    end.writeUInt16LE(Math.min(this.files, UINT16_MAX), 8)
    end.writeUInt16LE(Math.min(this.files, UINT16_MAX), 10)
    end.writeUInt32LE(Math.min(centralSize, UINT32_MAX), 12)
    end.writeUInt32LE(Math.min(centralStart, UINT32_MAX), 16)
    tail.push(end)
    this.central = []
    return Buffer.concat(tail)
  }

  private record(name: Buffer, method: number, crc: number, compressed: number, size: number, offset: number) {
    const zip64 = offset >= UINT32_MAX
    const entry = Buffer.alloc(46 + name.length + (zip64 ? 12 : 0))
    entry.writeUInt32LE(0x02014B50, 0)
    entry.writeUInt16LE((3 << 8) | 45, 4)
    entry.writeUInt16LE(zip64 ? 45 : 20, 6)
    entry.writeUInt16LE(UTF8_NAMES, 8)
    entry.writeUInt16LE(method, 10)
    entry.writeUInt16LE(this.stamp.time, 12)
    entry.writeUInt16LE(this.stamp.date, 14)
    entry.writeUInt32LE(crc, 16)
    entry.writeUInt32LE(compressed, 20)
    entry.writeUInt32LE(size, 24)
    entry.writeUInt16LE(name.length, 28)
    entry.writeUInt16LE(zip64 ? 12 : 0, 30)
    // comment length, disk number, internal attributes: 0
    entry.writeUInt32LE((0o100644 << 16) >>> 0, 38)
    entry.writeUInt32LE(zip64 ? UINT32_MAX : offset, 42)
    name.copy(entry, 46)
    if (zip64) {
      entry.writeUInt16LE(0x0001, 46 + name.length)
      entry.writeUInt16LE(8, 48 + name.length)
      entry.writeBigUInt64LE(BigInt(offset), 50 + name.length)
    }
    this.pending.push(entry)
    this.pendingBytes += entry.length
    if (this.pendingBytes >= CENTRAL_BATCH_BYTES) this.flushCentral()
  }

  /** Many small Buffers become one, so the directory costs its bytes and not an object per file. */
  private flushCentral() {
    if (!this.pending.length) return
    this.central.push(Buffer.concat(this.pending, this.pendingBytes))
    this.centralBytes += this.pendingBytes
    this.pending = []
    this.pendingBytes = 0
  }
}
