// Deletion receipts (docs/architecture.md, "Deletion receipts"): every deleting query writes one
// in its own last statement (insertReceipt, a CTE beside the DELETE), routes name the request
// (receiptSourceOf) and answer the receipt's id in a header; the history routes read them back.

export { receiptSourceOf, setReceiptHeader, type ReceiptSource } from './source'
export { insertReceipt, type ReceiptValues } from './write'
export { findReceipt, listReceipts, type ReceiptCursor, type ReceiptFilter } from './queries'
export { encodeReceiptCursor, parseReceiptQuery, ReceiptPageQuery, receiptPage } from './page-query'
