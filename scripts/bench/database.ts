import type pg from 'pg'

export interface ExplainSummary {
  planningMs: number
  executionMs: number
  sharedHit: number
  sharedRead: number
  rows: number
  /** "Index Scan using x on t", "Seq Scan on t", "Sort (quicksort, 3000 kB)", … in plan order. */
  nodes: string[]
  indexes: string[]
  seqScans: string[]
}

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  'Sort Method'?: string
  'Sort Space Used'?: number
  'Sort Space Type'?: string
  'Actual Rows'?: number
  'Actual Loops'?: number
  'Rows Removed by Filter'?: number
  'Shared Hit Blocks'?: number
  'Shared Read Blocks'?: number
  'Plans'?: PlanNode[]
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement, boiled down to what says whether it scales. */
export async function explain(client: pg.Client, query: string, params: unknown[]): Promise<ExplainSummary> {
  const result = await client.query<{ 'QUERY PLAN': [{ 'Plan': PlanNode, 'Planning Time': number, 'Execution Time': number }] }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query}`, params)
  const [top] = result.rows[0]!['QUERY PLAN']
  const nodes: string[] = []
  const indexes = new Set<string>()
  const seqScans = new Set<string>()
  const walk = (node: PlanNode, depth: number) => {
    let label = node['Node Type']
    if (node['Index Name']) {
      label += ` using ${node['Index Name']}`
      indexes.add(node['Index Name'])
    }
    if (node['Relation Name']) label += ` on ${node['Relation Name']}`
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) seqScans.add(node['Relation Name'])
    if (node['Sort Method']) label += ` (${node['Sort Method']}, ${node['Sort Space Used']} kB ${node['Sort Space Type']?.toLowerCase() ?? ''})`.replace(' )', ')')
    label += ` rows=${node['Actual Rows']}${(node['Actual Loops'] ?? 1) > 1 ? ` loops=${node['Actual Loops']}` : ''}`
    if (node['Rows Removed by Filter']) label += ` (removed by filter: ${node['Rows Removed by Filter']})`
    nodes.push(`${'  '.repeat(depth)}${label}`)
    for (const child of node.Plans ?? []) walk(child, depth + 1)
  }
  walk(top.Plan, 0)
  return {
    planningMs: top['Planning Time'],
    executionMs: top['Execution Time'],
    sharedHit: top.Plan['Shared Hit Blocks'] ?? 0,
    sharedRead: top.Plan['Shared Read Blocks'] ?? 0,
    rows: top.Plan['Actual Rows'] ?? 0,
    nodes,
    indexes: [...indexes],
    seqScans: [...seqScans],
  }
}
