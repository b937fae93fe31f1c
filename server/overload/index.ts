// Holding under pressure: the per-account share of the pool (fair-share.ts).
export { enforceFairShare, enterShare, shareInUse, OverShare } from './fair-share'
