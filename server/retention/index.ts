// Retention policies (docs/architecture.md, "Retention sweep"): a project's "delete chats not
// updated for N days", its preview, and the sweep that applies every policy on one instance at a
// time (a lease in Postgres), in chunks of at most 1,000 chats, each with its deletion receipt.

export { findRetentionPolicy, previewRetention, setRetentionPolicy } from './policy'
export { startRetentionSweeper, stopRetentionSweeper } from './scheduler'
export { runRetentionSweep, type SweepOptions, type SweepResult } from './sweep'
