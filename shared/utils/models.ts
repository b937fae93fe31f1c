// The models a new chat can use: offered by the New chat dialog and used by the demo data.
export const CHAT_MODELS = [
  'google/gemma-2-27b-it',
  'meta-llama/Llama-3.3-70B-Instruct',
  'mistralai/Mixtral-8x7B-Instruct-v0.1',
  'Qwen/Qwen2.5-Coder-32B-Instruct',
] as const
