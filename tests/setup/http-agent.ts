import { Agent, setGlobalDispatcher } from 'undici'

// The tests' fetch keeps an idle connection for 1 s, not the 4 s undici takes from the server's
// `Keep-Alive: timeout=5`. On a busy machine the test process can stall for over a second between
// taking an idle connection and writing to it, while the server closes it at 5 s: the request then
// failed with ECONNRESET ("other side closed"). Four seconds of margin instead of one.
setGlobalDispatcher(new Agent({ keepAliveTimeout: 1_000, keepAliveMaxTimeout: 1_000 }))
