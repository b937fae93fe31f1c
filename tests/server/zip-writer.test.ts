import { describe, expect, it } from 'vitest'
import { ZipWriter } from '#server/export/zip-writer'
import { unzipText, zipNames } from '../helpers/zip'

describe('ZipWriter', () => {
  it('writes a ZIP yauzl reads back: stored and deflated files, UTF-8 names', async () => {
    const zip = new ZipWriter()
    const parts = [zip.add('a.txt', Buffer.from('short')), zip.add('dir/ü.json', Buffer.from('{"x":"'.concat('y'.repeat(5000), '"}'))), zip.add('empty', Buffer.alloc(0)), zip.finish()]
    const files = await unzipText(Buffer.concat(parts))
    expect([...files.entries()]).toEqual([['a.txt', 'short'], ['dir/ü.json', `{"x":"${'y'.repeat(5000)}"}`], ['empty', '']])
  })

  it('writes Zip64 end records past 65,535 files', async () => {
    const zip = new ZipWriter()
    const parts: Buffer[] = []
    for (let i = 0; i < 70_000; i++) parts.push(zip.add(`f/${i}`, Buffer.from(String(i))))
    parts.push(zip.finish())
    const names = await zipNames(Buffer.concat(parts))
    expect(names.length).toBe(70_000)
    expect(names.at(-1)).toBe('f/69999')
  })
})
